/**
 * What a Modal bake-off costs, shown before anything starts: one GPU sandbox per candidate, in
 * parallel, each priced like the run's own container and stopped by a short timeout. Pure.
 */
import { formatUsd } from '../cost/estimate';
import type { JobSpec } from '../job/jobSpec';
import { priceOf } from '../runs/launchRun';

/** A zero-shot scoring needs no training: a sandbox is stopped after this long whatever happens. */
export const BAKEOFF_TIMEOUT_MINUTES = 20;
/** Typical minutes per candidate: image start, model download into the volume cache, one test-set pass. */
export const TYPICAL_MINUTES = 5;

export interface BakeoffCost {
  sandboxes: number;
  gpu: string;
  /** One sandbox's price per hour (its GPU, CPU and memory). */
  pricePerHour: number;
  typicalUsd: number;
  maxUsd: number;
  text: string;
}

export function bakeoffCost(job: JobSpec, candidates: number): BakeoffCost {
  const pricePerHour = priceOf({ ...job, compute: { ...job.compute, backend: 'modal', gpu_count: 1 } });
  const gpu = job.compute.gpu ?? '(no GPU set)';
  const typicalUsd = (pricePerHour * candidates * TYPICAL_MINUTES) / 60;
  const maxUsd = (pricePerHour * candidates * BAKEOFF_TIMEOUT_MINUTES) / 60;
  const text = `${candidates} Modal sandbox${candidates === 1 ? '' : 'es'} in parallel, one ${gpu} each at ${formatUsd(pricePerHour)}/h: `
    + `about ${formatUsd(typicalUsd)} if each takes ~${TYPICAL_MINUTES} min, at most ${formatUsd(maxUsd)} (each stops after ${BAKEOFF_TIMEOUT_MINUTES} min).`;
  return { sandboxes: candidates, gpu, pricePerHour, typicalUsd, maxUsd, text };
}
