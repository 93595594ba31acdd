import { fileURLToPath } from 'node:url';
import { assertLoopback } from './http.js';
import type { LoadResult, LoadSpec, WorkerReply, WorkerRequest } from './load-spec.js';
import type { Managed, ProcessGroup } from './processes.js';

/**
 * The load generator process, started once per run and pinned to CPU `cpus`: autocannon uses most
 * of a core, so it gets one of its own and its JIT is warm after the first warm-up.
 */
export class LoadGenerator {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: LoadResult) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly worker: Managed) {
    worker.child.on('message', (reply: WorkerReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) {
        waiter?.reject(new Error(`load generator: ${reply.error}`));
      } else {
        waiter?.resolve(reply.result);
      }
    });
    void worker.exited.then((exit) => {
      for (const waiter of this.pending.values()) {
        waiter.reject(new Error(`load generator exited (${exit.code ?? exit.signal})`));
      }
      this.pending.clear();
    });
  }

  static start(group: ProcessGroup, cpus: string | undefined): LoadGenerator {
    const script = fileURLToPath(new URL('./load-worker.js', import.meta.url));
    const worker = group.start('load-generator', process.execPath, [script], {
      env: { PATH: process.env.PATH ?? '' },
      cpus,
      ipc: true,
    });
    return new LoadGenerator(worker);
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    assertLoopback(spec.origin);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.child.send({ id, spec } satisfies WorkerRequest);
    });
  }

  async stop(): Promise<void> {
    if (this.worker.alive) {
      this.worker.child.send({ id: 0, stop: true } satisfies WorkerRequest);
      const timer = setTimeout(() => this.worker.signal('SIGKILL'), 2000);
      await this.worker.exited;
      clearTimeout(timer);
    }
  }
}
