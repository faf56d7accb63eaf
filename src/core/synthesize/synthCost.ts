/**
 * What a synthesize step will spend, shown before anything is spent: chunks, LLM calls, tokens and
 * dollars (the user's API price, or the Modal GPU's by the hour). Pure.
 */
import * as z from 'zod';
import { formatUsd } from '../cost/estimate';
import { containerPricePerHour, parseGpu } from '../cost/gpus';
import type { JobSynthGenerator } from '../job/jobSpec';

/** synthesize.py --plan (validated: it crosses a process boundary). */
export const synthPlanSchema = z.object({
  chunks: z.number().int(),
  cached: z.number().int(),
  to_generate: z.number().int(),
  calls: z.number().int(),
  prompt_tokens: z.number().int(),
  max_completion_tokens: z.number().int(),
});
export type SynthPlan = z.infer<typeof synthPlanSchema>;

/** Completion tokens of a typical answer (a few queries as JSON); the plan's maximum is the ceiling. */
export const TYPICAL_COMPLETION_TOKENS = 60;
/** A vLLM server's start on a fresh GPU: the image, the model's download and load (minutes). */
export const SERVER_START_MINUTES = 5;
/** Batched decode throughput of a small (1-8B) instruct model, per dense TFLOP/s of the GPU: rough. */
export const DECODE_TOKENS_PER_TFLOP = 4;

export interface SynthCost {
  calls: number;
  /** Typical and ceiling, in USD; null when no price is known (an endpoint without generator.price). */
  typicalUsd: number | null;
  maxUsd: number | null;
  text: string;
}

export function synthCost(plan: SynthPlan, g: JobSynthGenerator): SynthCost {
  const head = `${plan.chunks} chunks (${plan.cached} cached), ${plan.to_generate} to generate`;
  if (g.type === 'ict' || plan.calls === 0) {
    return { calls: 0, typicalUsd: 0, maxUsd: 0, text: `${head}: no LLM call, nothing to pay.` };
  }
  const tokens = `${plan.calls} LLM calls, about ${plan.prompt_tokens.toLocaleString('en-US')} prompt tokens and at most ${plan.max_completion_tokens.toLocaleString('en-US')} completion tokens`;
  if (g.type === 'openai') {
    if (!g.price) return { calls: plan.calls, typicalUsd: null, maxUsd: null, text: `${head}: ${tokens} (set generator.price to see the cost).` };
    const usd = (completion: number) => (plan.prompt_tokens * g.price!.input_per_million + completion * g.price!.output_per_million) / 1e6;
    const typicalUsd = usd(plan.calls * TYPICAL_COMPLETION_TOKENS);
    const maxUsd = usd(plan.max_completion_tokens);
    return { calls: plan.calls, typicalUsd, maxUsd, text: `${head}: ${tokens}; about ${formatUsd(typicalUsd)}, at most ${formatUsd(maxUsd)} at your price.` };
  }
  const parsed = parseGpu(g.gpu);
  if (!parsed.ok) return { calls: plan.calls, typicalUsd: null, maxUsd: null, text: `${head}: ${tokens} on an unknown GPU ${g.gpu}.` };
  const perHour = containerPricePerHour(parsed.value.gpu, 1);
  const minutes = SERVER_START_MINUTES + (plan.calls * TYPICAL_COMPLETION_TOKENS) / (parsed.value.gpu.tflops * DECODE_TOKENS_PER_TFLOP) / 60;
  const typicalUsd = (perHour * Math.min(minutes, g.max_minutes)) / 60;
  const maxUsd = (perHour * g.max_minutes) / 60;
  return {
    calls: plan.calls, typicalUsd, maxUsd,
    text: `${head}: ${tokens}, served by vLLM on one Modal ${parsed.value.gpu.type} at ${formatUsd(perHour)}/h: about ${formatUsd(typicalUsd)} (~${Math.ceil(minutes)} min), at most ${formatUsd(maxUsd)} (it stops after ${g.max_minutes} min).`,
  };
}
