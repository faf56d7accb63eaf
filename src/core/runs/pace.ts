/**
 * Time left from the pace measured on this machine: training steps per second between the
 * first step seen and the latest, so model loading and the baseline are not counted as
 * training, and a slow shared machine shows its own (slower) estimate instead of a promise.
 */
export class Pace {
  private first: { t: number; step: number } | null = null;
  private last: { t: number; step: number } | null = null;

  /** A step count seen at time `t` (ms). Steps going back (a resumed run) start the measure again. */
  observe(t: number, step: number): void {
    if (step <= 0) return;
    if (!this.first || step < (this.last?.step ?? 0)) this.first = { t, step };
    if (!this.last || step !== this.last.step) this.last = { t, step };
  }

  /** Steps per second, once at least 5 s and one step passed between two observations. */
  stepsPerSecond(): number | null {
    if (!this.first || !this.last) return null;
    const dt = (this.last.t - this.first.t) / 1000;
    const ds = this.last.step - this.first.step;
    return dt >= 5 && ds >= 1 ? ds / dt : null;
  }

  /** Seconds until `totalSteps`, from the last observation (`now` ms), or null while unmeasured. */
  secondsLeft(totalSteps: number | null, now: number): number | null {
    const rate = this.stepsPerSecond();
    if (rate === null || !totalSteps || !this.last) return null;
    return Math.max(0, (totalSteps - this.last.step) / rate - (now - this.last.t) / 1000);
  }
}

/** One Pace per run, shared by everything that shows a run's time left (status bar, dashboard), so they agree. */
export class PaceBook {
  private readonly paces = new Map<string, Pace>();

  observe(runId: string, now: number, step: number): void {
    let p = this.paces.get(runId);
    if (!p) this.paces.set(runId, (p = new Pace()));
    p.observe(now, step);
  }

  secondsLeft(runId: string, totalSteps: number | null, now: number): number | null {
    return this.paces.get(runId)?.secondsLeft(totalSteps, now) ?? null;
  }

  forget(runId: string): void {
    this.paces.delete(runId);
  }

  ids(): string[] {
    return [...this.paces.keys()];
  }
}
