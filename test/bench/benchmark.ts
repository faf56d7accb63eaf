/** One benchmark, as `scripts/bench.mjs` discovers them in test/bench/*.bench.ts (`benchmarks`). */
export interface Benchmark {
  name: string;
  /** One timed iteration. */
  run(): unknown;
  /** Measured iterations after warm-up (default 50). */
  runs?: number;
  /** Target for the median, in ms; the runner flags a miss. */
  targetMs?: number;
  /** Checked once before timing; throw to abort (e.g. the input does not validate clean). */
  check?(): void;
}
