import type { FinetuneConfig } from '../config/schema';
import type { JobLora, JobModelOptions } from './jobSpec';

export const LORA_LEARNING_RATE = 2e-4;

/** Defaults from the maintainers' LoRA example: r 64, alpha 2 x r, dropout 0.05-0.1. */
export function jobLora(l: NonNullable<NonNullable<FinetuneConfig['training']>['lora']>): JobLora {
  const r = l.r ?? 64;
  return { r, alpha: l.alpha ?? 2 * r, dropout: l.dropout ?? 0.05, target_modules: l.target_modules ?? null };
}

export function modelOptions(model: FinetuneConfig['model']): JobModelOptions {
  if (typeof model === 'string') return { revision: null, trust_remote_code: false, attn_implementation: null };
  return { revision: model.revision ?? null, trust_remote_code: model.trust_remote_code === true, attn_implementation: model.attn_implementation ?? null };
}

/**
 * What a launch with `trust_remote_code` will run, for the confirmation the extension shows
 * (and the CLI prints) before it starts: the code of a model repository runs with the job's
 * secrets on the GPU (or this machine).
 */
export function remoteCodeWarning(model: string, o: JobModelOptions | undefined, backend: 'modal' | 'local'): string | null {
  if (!o?.trust_remote_code) return null;
  const where = backend === 'local' ? 'on this machine, as you' : 'in the Modal container, with the run\'s secrets (HF token)';
  const pinned = o.revision ? `at revision ${o.revision}` : 'at whatever its latest revision is when the run starts (set model.revision to a commit to pin it)';
  return `This run executes the Python code that ships with "${model}" (its configuration and modeling files), ${pinned}, ${where}. Only continue if you trust its authors.`;
}
