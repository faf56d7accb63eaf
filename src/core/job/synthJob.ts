import { dirname, isAbsolute, join } from 'node:path';
import { SYNTH_DEFAULTS } from '../config/checks/synthesizeChecks';
import { synthOutputs } from '../config/synthPaths';
import type { SynthesizeConfig } from '../config/synthesizeSchema';
import type { JobSynthesize, JobSynthGenerator } from './jobSpec';

/** Where synthesize.py reads an LLM generator's key (the extension fills it from SecretStorage). */
export const SYNTH_KEY_ENV = 'FINETUNE_SYNTH_API_KEY';

/** dataset.synthesize resolved: defaults filled, every file absolute (beside `out`), the cache in the workspace's .finetune. */
export function synthJob(s: SynthesizeConfig, configPath: string, hasEval: boolean): JobSynthesize {
  const configDir = dirname(configPath);
  const outRel = s.out ?? SYNTH_DEFAULTS.out;
  const files = synthOutputs(isAbsolute(outRel) ? outRel : join(configDir, outRel));
  return {
    config_dir: configDir,
    documents: typeof s.documents === 'string' ? [s.documents] : s.documents,
    column: s.column ?? null,
    chunk: { tokens: s.chunk?.tokens ?? SYNTH_DEFAULTS.tokens, overlap: s.chunk?.overlap ?? SYNTH_DEFAULTS.overlap },
    queries_per_chunk: s.queries_per_chunk ?? SYNTH_DEFAULTS.queriesPerChunk,
    generator: synthGenerator(s.generator),
    filter: s.filter === false ? null : { top_k: s.filter?.top_k ?? SYNTH_DEFAULTS.topK },
    near_duplicate: 0.95,
    out: files.out,
    test_out: files.test,
    chunks_out: files.chunks,
    manifest: files.manifest,
    cache_dir: join(configDir, '.finetune', 'synthesize'),
    has_eval: hasEval,
  };
}

/** Defaults of the modal generator: a GPU that holds an ~8B model in bf16, and a ceiling on its time. */
export const MODAL_GENERATOR_DEFAULTS = { gpu: 'L4', concurrency: 16, maxMinutes: 60 } as const;

function synthGenerator(g: SynthesizeConfig['generator']): JobSynthGenerator {
  if (g === undefined || g === 'ict') return { type: 'ict' };
  if ('backend' in g) {
    return { type: 'modal', endpoint: null, model: g.model, gpu: g.gpu ?? MODAL_GENERATOR_DEFAULTS.gpu, temperature: g.temperature ?? 0.7,
      concurrency: g.concurrency ?? MODAL_GENERATOR_DEFAULTS.concurrency, api_key_env: SYNTH_KEY_ENV, max_minutes: g.max_minutes ?? MODAL_GENERATOR_DEFAULTS.maxMinutes };
  }
  return { type: 'openai', endpoint: g.endpoint, model: g.model, temperature: g.temperature ?? 0.7,
    concurrency: g.concurrency ?? 4, api_key_env: g.api_key_env ?? SYNTH_KEY_ENV, price: g.price ?? null };
}
