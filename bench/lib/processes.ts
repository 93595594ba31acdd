import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when the process was seen to exit. */
  at: number;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Pin to these CPUs with taskset (when taskset exists). */
  cpus?: string;
  /** Adds an IPC channel (for node children). */
  ipc?: boolean;
}

/** A child process of the harness; its output goes to `<name>.log` in the run's log folder. */
export class Managed {
  readonly exited: Promise<Exit>;
  private exit?: Exit;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, at: performance.now() };
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** Signals the process group (nginx has workers); false when it is already gone. */
  signal(signal: NodeJS.Signals): boolean {
    if (!this.alive) {
      return false;
    }
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch {
      try {
        return this.child.kill(signal);
      } catch {
        return false;
      }
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<Exit> {
    if (this.signal('SIGTERM')) {
      const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
      const exit = await this.exited;
      clearTimeout(timer);
      return exit;
    }
    return this.exited;
  }

  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

/**
 * Every process the harness starts, so that all of them are stopped however the run ends: normal
 * end, a thrown error, Ctrl-C, or SIGTERM. Each child leads its own process group, so stopping it
 * also stops whatever it forked (nginx workers).
 */
export class ProcessGroup {
  private readonly all = new Set<Managed>();
  private readonly onExit = (): void => this.killNow();
  private hasTaskset?: boolean;

  constructor(private readonly logDir: string) {
    process.on('exit', this.onExit);
  }

  get pinning(): boolean {
    return this.tasksetAvailable();
  }

  start(name: string, command: string, args: string[], options: StartOptions): Managed {
    const logFile = join(this.logDir, `${name}.log`);
    const fd = openSync(logFile, 'a');
    const pinned = options.cpus !== undefined && this.tasksetAvailable();
    const child = spawn(
      pinned ? 'taskset' : command,
      pinned ? ['-c', options.cpus as string, command, ...args] : args,
      {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: options.ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
      },
    );
    closeSync(fd);
    const managed = new Managed(name, child, logFile);
    this.all.add(managed);
    void managed.exited.then(() => this.all.delete(managed));
    return managed;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.all].map((p) => p.stop(3000)));
  }

  /** Last resort from the 'exit' handler: synchronous SIGKILL of whatever is still running. */
  killNow(): void {
    for (const p of this.all) {
      p.signal('SIGKILL');
    }
  }

  dispose(): void {
    process.off('exit', this.onExit);
  }

  private tasksetAvailable(): boolean {
    this.hasTaskset ??= process.platform === 'linux' && whichPath('taskset') !== undefined;
    return this.hasTaskset;
  }
}

/** The executable's full path on PATH (or in the sbin folders), if there is one. */
export function whichPath(command: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']);
  for (const dir of dirs.filter((d) => d !== '')) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
