import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux that Node runs on). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used so far, from `/proc/<pid>/stat`; undefined where
 * there is no /proc. Read before and after a round, it gives the CPU a request costs, a figure
 * the machine's other load moves far less than throughput.
 */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) {
    return undefined;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces) start after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Wraps a load round so that the CPU it cost the process `pid` is recorded per response, in µs,
 * under the round's result.
 */
export function recordingCpu<R extends { responses: number }>(
  pid: number | undefined,
  perResponse: Map<R, number>,
  round: (seconds: number) => Promise<R>,
): (seconds: number) => Promise<R> {
  return async (seconds) => {
    const before = cpuSeconds(pid);
    const result = await round(seconds);
    const after = cpuSeconds(pid);
    if (before !== undefined && after !== undefined && result.responses > 0) {
      perResponse.set(result, ((after - before) * 1e6) / result.responses);
    }
    return result;
  };
}
