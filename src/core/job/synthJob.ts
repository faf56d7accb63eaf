import { dirname, isAbsolute, join } from 'node:path';
import { SYNTH_DEFAULTS } from '../config/checks/synthesizeChecks';
import { synthOutputs } from '../config/synthPaths';
import type { SynthesizeConfig } from '../config/synthesizeSchema';
import type { JobSynthesize } from './jobSpec';

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
    generator: s.generator === undefined || s.generator === 'ict' ? { type: 'ict' }
      : { type: 'openai', endpoint: s.generator.endpoint, model: s.generator.model, temperature: s.generator.temperature ?? 0.7,
        concurrency: s.generator.concurrency ?? 4, api_key_env: s.generator.api_key_env ?? SYNTH_KEY_ENV },
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
