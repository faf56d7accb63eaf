/** Exponential moving average with bias correction (as TensorBoard's smoothing), fed incrementally. */
export class Ema {
  private last = 0;
  private n = 0;

  constructor(private readonly weight = 0.9) {}

  next(y: number | null): number | null {
    if (y === null || !Number.isFinite(y)) return null;
    this.n += 1;
    this.last = this.last * this.weight + (1 - this.weight) * y;
    return this.last / (1 - this.weight ** this.n);
  }
}
