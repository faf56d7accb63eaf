/**
 * Folds what the run handle sees (log streams failing, exit-wait calls failing or answering)
 * into one connection state for the user: 'reconnecting' once contact has been lost for
 * GRACE_MS with no successful call since (a single dropped stream that reopens at once is not
 * worth a message), 'connected' again at the first call that gets through.
 */
import type { ConnectionState } from '../jobBackend';

export const GRACE_MS = 3000;

export class ConnectionMonitor {
  private troubleSince: number | undefined;
  private detail = '';
  private reported = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly report: (state: ConnectionState, detail: string) => void, private readonly graceMs = GRACE_MS) {}

  /** Something failed and is being retried. */
  trouble(detail: string): void {
    this.detail = detail;
    if (this.troubleSince !== undefined) return;
    this.troubleSince = Date.now();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.troubleSince === undefined) return;
      this.reported = true;
      this.report('reconnecting', this.detail);
    }, this.graceMs);
  }

  /** A call got through: whatever failed before is being recovered. */
  ok(): void {
    if (this.troubleSince === undefined) return;
    const lostFor = Date.now() - this.troubleSince;
    this.troubleSince = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.reported) {
      this.reported = false;
      this.report('connected', `back after ${Math.round(lostFor / 1000)} s`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
