import { ConsecutiveBreaker, CountBreaker, type CircuitState, type IBreaker } from 'cockatiel';

/** Opens on N failed requests in a row or on a failure share over a sliding window, whichever first. */
export class CompositeBreaker implements IBreaker {
  private readonly consecutive: ConsecutiveBreaker;
  private readonly ratio: CountBreaker;

  constructor(options: { consecutive: number; ratio: number; window: number }) {
    this.consecutive = new ConsecutiveBreaker(options.consecutive);
    this.ratio = new CountBreaker({
      threshold: options.ratio,
      size: options.window,
      minimumNumberOfCalls: Math.max(options.consecutive, Math.ceil(options.window / 2)),
    });
  }

  get state(): unknown {
    return { consecutive: this.consecutive.state, ratio: this.ratio.state };
  }

  set state(value: unknown) {
    const { consecutive, ratio } = value as { consecutive: unknown; ratio: unknown };
    this.consecutive.state = consecutive as number;
    this.ratio.state = ratio;
  }

  success(state: CircuitState): void {
    this.consecutive.success();
    this.ratio.success(state);
  }

  failure(state: CircuitState): boolean {
    const byRun = this.consecutive.failure();
    const byRatio = this.ratio.failure(state);
    return byRun || byRatio;
  }
}
