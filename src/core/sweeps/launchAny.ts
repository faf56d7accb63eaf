import type { RunHandle } from '../backends/jobBackend';
import { configSchema } from '../config/schema';
import { validateConfig } from '../config/validate';
import type { LaunchOptions } from '../runs/launchRun';
import { launchRun } from '../runs/launchRun';
import type { RunMeta } from '../runs/runMeta';
import { launchSweep } from './launchSweep';

export interface Launched {
  meta: RunMeta;
  /** Every process started: one for a run, the coordinator and workers for a sweep. */
  handles: Map<string, RunHandle>;
  done: Promise<RunMeta>;
}

/** Whether a config's text asks for a sweep (a `sweep:` section). */
export function isSweepConfig(text: string): boolean {
  const parsed = configSchema.safeParse(validateConfig(text).value);
  return parsed.success && parsed.data.sweep !== undefined;
}

/** Launches a config as a single run or, with a `sweep:` section, as a sweep. */
export async function launchAny(o: LaunchOptions): Promise<Launched> {
  if (isSweepConfig(o.configText)) return launchSweep(o);
  const run = await launchRun(o);
  return {
    meta: run.meta,
    handles: new Map([[run.meta.id, run.handle]]),
    get done() {
      return run.done;
    },
  };
}
