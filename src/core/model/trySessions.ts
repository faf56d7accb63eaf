/**
 * Warm Try it sessions, one per run model, shared by the dashboard and the compare view. Each
 * holds two models in memory, so a session nobody queried for `idleMs` is stopped; the next
 * query starts a fresh one.
 */
import type { TryServer } from './tryServer';

interface Entry {
  server: TryServer;
  usedAt: number;
}

export class TrySessions {
  private readonly entries = new Map<string, Entry>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly idleMs = 10 * 60_000, sweepMs = 60_000) {
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  /** The live session for `key` (run id + model folder), else a new one from `start`. */
  get(key: string, start: () => TryServer): { server: TryServer; fresh: boolean } {
    const found = this.entries.get(key);
    if (found?.server.alive) {
      found.usedAt = Date.now();
      return { server: found.server, fresh: false };
    }
    const server = start();
    this.entries.set(key, { server, usedAt: Date.now() });
    return { server, fresh: true };
  }

  has(key: string): boolean {
    return this.entries.get(key)?.server.alive === true;
  }

  stop(key: string): void {
    this.entries.get(key)?.server.dispose();
    this.entries.delete(key);
  }

  sweep(now = Date.now()): void {
    for (const [key, e] of this.entries) if (!e.server.alive || now - e.usedAt > this.idleMs) this.stop(key);
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const key of [...this.entries.keys()]) this.stop(key);
  }
}
