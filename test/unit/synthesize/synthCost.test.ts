import { describe, expect, it } from 'vitest';
import { DECODE_TOKENS_PER_TFLOP, SERVER_START_MINUTES, synthCost, TYPICAL_COMPLETION_TOKENS, type SynthPlan } from '../../../src/core/synthesize/synthCost';
import { containerPricePerHour, GPUS } from '../../../src/core/cost/gpus';

const plan: SynthPlan = { chunks: 1200, cached: 200, to_generate: 1000, calls: 1000, prompt_tokens: 300_000, max_completion_tokens: 200_000 };
const openai = { type: 'openai' as const, endpoint: 'https://api.example.com/v1', model: 'm', temperature: 0.7, concurrency: 4, api_key_env: 'K' };
const modal = { type: 'modal' as const, endpoint: null, model: 'Qwen/Qwen2.5-1.5B-Instruct', gpu: 'L4', temperature: 0.7, concurrency: 16, api_key_env: 'K', max_minutes: 60 };

describe('synthCost: what a synthesize step spends, before it starts', () => {
  it('ict, or nothing left to generate, costs nothing', () => {
    expect(synthCost({ ...plan, calls: 0 }, { type: 'ict' })).toMatchObject({ calls: 0, typicalUsd: 0, maxUsd: 0 });
    expect(synthCost({ ...plan, calls: 0, to_generate: 0 }, modal).text).toMatch(/no LLM call/);
  });

  it('an endpoint with the user\'s price: prompt tokens plus typical and maximum completion tokens', () => {
    const c = synthCost(plan, { ...openai, price: { input_per_million: 1, output_per_million: 4 } });
    expect(c.typicalUsd).toBeCloseTo(0.3 + (1000 * TYPICAL_COMPLETION_TOKENS * 4) / 1e6, 6);
    expect(c.maxUsd).toBeCloseTo(0.3 + 0.8, 6);
    expect(c.text).toMatch(/1000 LLM calls, about 300,000 prompt tokens and at most 200,000 completion tokens; about \$0\.54, at most \$1\.10/);
  });

  it('an endpoint without a price shows calls and tokens and says how to see dollars', () => {
    const c = synthCost(plan, { ...openai, price: null });
    expect(c).toMatchObject({ calls: 1000, typicalUsd: null, maxUsd: null });
    expect(c.text).toMatch(/set generator\.price/);
  });

  it('modal: the GPU container by the hour, for the start plus decoding, capped by max_minutes', () => {
    const l4 = GPUS.find((g) => g.type === 'L4')!;
    const perHour = containerPricePerHour(l4, 1);
    const minutes = SERVER_START_MINUTES + (1000 * TYPICAL_COMPLETION_TOKENS) / (l4.tflops * DECODE_TOKENS_PER_TFLOP) / 60;
    const c = synthCost(plan, modal);
    expect(c.typicalUsd).toBeCloseTo((perHour * minutes) / 60, 6);
    expect(c.maxUsd).toBeCloseTo(perHour, 6);
    expect(c.text).toMatch(/one Modal L4 at \$\d\.\d\d\/h: about \$0\.\d\d \(~8 min\), at most \$\d\.\d\d \(it stops after 60 min\)/);
    expect(synthCost({ ...plan, calls: 10_000_000 }, modal).typicalUsd).toBeCloseTo(perHour, 6);
  });
});
