import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from './atomicWrite';
import type { RunMeta } from './runMeta';
import { isActive } from './runMeta';
import type { RunStore } from './runStore';

/**
 * Cancel before a run has a sandbox (preparing, building the image) has no handle to stop. It
 * leaves a durable mark in the run's folder instead, which the launcher reads before it creates
 * the sandbox (and before each of a sweep's launches); the launcher, in this window, another
 * window or a terminal, proves it is still at work with a heartbeat file.
 */
const BEAT_MS = 1000;
/**
 * A heartbeat older than this means the launcher is gone (it died, or the machine slept). Generous:
 * on a loaded machine a 1 s timer can fire seconds late, and a live launcher must not look dead.
 */
const BEAT_STALE_MS = 20_000;

export function requestCancel(store: RunStore, id: string): void {
  writeFileAtomic(store.files(id).cancel, `${new Date().toISOString()}\n`);
}

export function cancelRequested(store: RunStore, id: string): boolean {
  return existsSync(store.files(id).cancel);
}

/** Beats while a launch is in progress; stop() removes the beat. */
export function startLaunchBeat(store: RunStore, id: string): { stop(): void } {
  const file = store.files(id).launching;
  const beat = () => writeFileSync(file, `${process.pid} ${Date.now()}\n`);
  beat();
  const timer = setInterval(() => { try { beat(); } catch { /* the folder was deleted: the launch fails on its own */ } }, BEAT_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      rmSync(file, { force: true });
    },
  };
}

export function launcherAlive(store: RunStore, id: string, now = Date.now()): boolean {
  const file = store.files(id).launching;
  try {
    return now - statSync(file).mtimeMs < BEAT_STALE_MS && readFileSync(file, 'utf8').length > 0;
  } catch {
    return false;
  }
}

/**
 * Marks the run for cancellation and, while its launcher is still at work and no sandbox id is
 * recorded, waits for the launcher to act on the mark. Returns the run's record then: ended
 * (the launcher stopped before creating anything) or with a ref to stop the usual way.
 */
export async function requestCancelAndWait(store: RunStore, id: string, pollMs = 200): Promise<RunMeta | undefined> {
  requestCancel(store, id);
  return waitWhileLaunching(store, id, pollMs);
}

/** Waits while the run has no sandbox id and its launcher is still at work; returns the record then. */
export async function waitWhileLaunching(store: RunStore, id: string, pollMs = 200): Promise<RunMeta | undefined> {
  let meta = store.readMeta(id);
  while (meta && isActive(meta.state) && !meta.ref && launcherAlive(store, id)) {
    await new Promise((r) => setTimeout(r, pollMs));
    meta = store.readMeta(id);
  }
  return meta;
}
