import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { HelpdeskEvent } from './helpdesk-event.js';
import { SseSubscriber, type SseSink } from './sse-subscriber.js';

/** A response whose client reads nothing until told to: written bytes stay "unsent". */
class FakeSink extends EventEmitter implements SseSink {
  readonly chunks: string[] = [];
  writableLength = 0;
  destroyed = false;
  writableFinished = false;
  ended = false;

  constructor(private readonly highWaterMark = 1024) {
    super();
  }

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    this.writableLength += Buffer.byteLength(chunk);
    return this.writableLength < this.highWaterMark;
  }

  end(): void {
    this.ended = true;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }

  /** The client reads everything sent so far. */
  drain(): void {
    this.writableLength = 0;
    this.emit('drain');
  }

  get text(): string {
    return this.chunks.join('');
  }
}

function event(objectId: string, resource: HelpdeskEvent['resource'] = 'incidents'): HelpdeskEvent {
  return {
    id: `e-${objectId}`,
    tenant: 'acme',
    resource,
    objectId,
    type: 'updated',
    occurredAt: '2026-01-31T12:00:00.000Z',
  };
}

function subscriber(
  sink: FakeSink,
  options: Partial<ConstructorParameters<typeof SseSubscriber>[1]> = {},
) {
  const closes: string[] = [];
  const sut = new SseSubscriber(sink, {
    tenant: 'acme',
    maxBufferBytes: 4096,
    onClose: (_s, reason) => closes.push(reason),
    ...options,
  });
  return { sut, closes };
}

describe(SseSubscriber.name, () => {
  it('should write live events with their stream id once live', () => {
    const sink = new FakeSink(1 << 20);
    const { sut } = subscriber(sink);
    sut.goLive();
    sut.deliver({ streamId: '5-0', event: event('A') });
    sut.deliver({ event: event('B') });
    expect(sink.text).toBe(
      `id: 5-0\ndata: ${JSON.stringify(event('A'))}\n\ndata: ${JSON.stringify(event('B'))}\n\n`,
    );
  });

  it('should drop a client whose unsent data passes the limit, with a final close event', () => {
    const sink = new FakeSink(1 << 20);
    const { sut, closes } = subscriber(sink, { maxBufferBytes: 2000 });
    sut.goLive();
    for (let i = 0; i < 100 && !sut.closed; i++) {
      sut.deliver({ streamId: `${i}-0`, event: event(`ID${i}`) });
    }
    expect(sut.closed).toBe(true);
    expect(closes).toEqual(['slow-client']);
    expect(sink.text.endsWith('event: close\ndata: {"reason":"slow-client"}\n\n')).toBe(true);
    expect(sink.ended).toBe(true);
    const written = sink.chunks.length;
    sut.deliver({ streamId: '999-0', event: event('late') });
    expect(sink.chunks.length).toBe(written);
  });

  it('should keep a client that reads, however many events pass', () => {
    const sink = new FakeSink(1 << 20);
    const { sut } = subscriber(sink, { maxBufferBytes: 2000 });
    sut.goLive();
    for (let i = 0; i < 100; i++) {
      sut.deliver({ streamId: `${i}-0`, event: event(`ID${i}`) });
      sink.drain();
    }
    expect(sut.closed).toBe(false);
  });

  it('should cut off a client that does not take its final event', () => {
    jest.useFakeTimers();
    try {
      const sink = new FakeSink();
      const { sut } = subscriber(sink);
      sut.close('shutdown');
      expect(sink.destroyed).toBe(false);
      jest.advanceTimersByTime(2500);
      expect(sink.destroyed).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('should send a replay first, then held live events it did not cover, in order', async () => {
    const sink = new FakeSink(1 << 20);
    const { sut } = subscriber(sink);
    sut.deliver({ streamId: '2-0', event: event('B') });
    sut.deliver({ streamId: '3-0', event: event('C') });
    await sut.replay([
      { streamId: '1-0', event: event('A') },
      { streamId: '2-0', event: event('B') },
    ]);
    sut.goLive();
    const ids = [...sink.text.matchAll(/^id: (.+)$/gm)].map((m) => m[1]);
    expect(ids).toEqual(['1-0', '2-0', '3-0']);
  });

  it('should wait for the socket to drain during a replay instead of buffering it all', async () => {
    const sink = new FakeSink(100);
    const { sut } = subscriber(sink, { maxBufferBytes: 1 << 20 });
    const replay = sut.replay(
      Array.from({ length: 5 }, (_, i) => ({ streamId: `${i + 1}-0`, event: event(`ID${i}`) })),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.chunks.length).toBe(1);
    for (let i = 0; i < 5; i++) {
      sink.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await replay;
    expect(sink.chunks.length).toBe(5);
  });

  it('should give up on a replay the client never drains', async () => {
    const sink = new FakeSink(10);
    const { sut, closes } = subscriber(sink, { drainTimeoutMs: 20 });
    await sut.replay([
      { streamId: '1-0', event: event('A') },
      { streamId: '2-0', event: event('B') },
    ]);
    expect(closes).toEqual(['slow-client']);
  });

  it('should drop a client that cannot keep up while a replay holds live events', () => {
    const sink = new FakeSink(1 << 20);
    const { sut, closes } = subscriber(sink);
    for (let i = 0; i <= 1000; i++) {
      sut.deliver({ streamId: `${i}-0`, event: event(`ID${i}`) });
    }
    expect(closes).toEqual(['slow-client']);
  });

  it('should send only the resources asked for', () => {
    const sink = new FakeSink(1 << 20);
    const { sut } = subscriber(sink, { resources: new Set(['contacts'] as const) });
    sut.goLive();
    sut.deliver({ streamId: '1-0', event: event('A', 'incidents') });
    sut.deliver({ streamId: '2-0', event: event('B', 'contacts') });
    expect(sink.text).not.toContain('"objectId":"A"');
    expect(sink.text).toContain('"objectId":"B"');
  });

  it('should send a heartbeat only after the interval without writes', () => {
    const sink = new FakeSink(1 << 20);
    const { sut } = subscriber(sink);
    sut.goLive();
    sut.heartbeat(sut.lastWriteAt + 500, 1000);
    expect(sink.chunks).toEqual([]);
    sut.heartbeat(sut.lastWriteAt + 1000, 1000);
    expect(sink.chunks).toEqual([': keep-alive\n\n']);
  });

  it('should report a client that went away once, and write nothing more', () => {
    const sink = new FakeSink(1 << 20);
    const { sut, closes } = subscriber(sink);
    sink.destroy();
    sut.goLive();
    sut.deliver({ streamId: '1-0', event: event('A') });
    sut.close('shutdown');
    expect(closes).toEqual(['client-gone']);
    expect(sink.chunks).toEqual([]);
  });
});
