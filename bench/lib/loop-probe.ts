/**
 * Preloaded into a gateway (`node --import <this file>`) by the soak: one event-loop delay histogram
 * over the whole soak, which prom-client's cannot give (it starts over at every scrape). The first
 * SIGUSR2 starts it; each later one writes what it holds to $HGW_BENCH_LOOP_FILE (JSON, in ms).
 * Same resolution as prom-client's (10 ms), so both read the same way.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopProbeReading {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const file = process.env.HGW_BENCH_LOOP_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let started = false;
  process.on('SIGUSR2', () => {
    if (!started) {
      started = true;
      histogram.enable();
      return;
    }
    const ms = (ns: number): number => ns / 1e6;
    const reading: LoopProbeReading = {
      samples: histogram.count,
      p50Ms: ms(histogram.percentile(50)),
      p99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max),
    };
    // Whole or not at all: the reader takes the file as soon as it exists.
    writeFileSync(`${file}.tmp`, JSON.stringify(reading));
    renameSync(`${file}.tmp`, file);
  });
}
