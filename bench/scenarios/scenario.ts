import type { BenchContext, Row } from '../lib/context.js';

export interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Row[]>;
}
