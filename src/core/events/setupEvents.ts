/**
 * The `training_setup` event (protocol v1): what a run trains with, decided once the base model is
 * loaded: the prompts in effect and where they came from, the prompt each training column gets,
 * precision, sequence length, parameter counts and, with several processes, the negatives each
 * example sees.
 */
import * as z from 'zod';
import { defineEvent as event } from './eventBase';

export const PROMPT_SOURCES = ['config', 'model', 'catalog', 'none'] as const;
export const PRECISIONS = ['bf16', 'fp16', 'fp32'] as const;

const count = z.int().min(0);

export const promptsInEffectSchema = z.object({
  query: z.string().meta({ description: 'Prompt for queries (anchor); for symmetric tasks the one prompt.' }),
  document: z.string().meta({ description: 'Prompt for documents (positive, negative).' }),
  symmetric: z.boolean().meta({ description: 'True: every column gets one prompt (text1/text2, paraphrase mining).' }),
  source: z.enum(PROMPT_SOURCES).meta({ description: "config: the config's prompts; model: the base model's own; catalog: the model family's; none." }),
});

export const setupEventSchemas = [
  event('training_setup', {
    prompts: promptsInEffectSchema,
    column_prompts: z.record(z.string(), z.string()).meta({ description: 'Training column -> prompt prepended to it (columns without one are absent).' }),
    precision: z.enum(PRECISIONS),
    tf32: z.boolean().meta({ description: 'TF32 matmuls (Ampere or later).' }),
    compute_capability: z.string().nullable().meta({ description: 'CUDA compute capability, e.g. "7.5"; null without a GPU.' }),
    max_seq_length: count.nullable(),
    trainable_parameters: count,
    total_parameters: count,
    negatives_per_example: count.nullable().optional().meta({ description: 'In-batch candidates each anchor is scored against (in-batch-negative losses).' }),
    gather_across_devices: z.boolean().optional(),
  }, 'What the run trains with, once the base model is loaded.'),
  event('adapter_saved', {
    adapter_path: z.string().meta({ description: 'The LoRA adapter alone (loads on the base model with peft).' }),
    merged_model_path: z.string().meta({ description: 'The adapter merged into the base: loads without peft (Try it, export, push use it).' }),
  }, 'training.lora: the adapter and the merged model were saved.'),
] as const;
