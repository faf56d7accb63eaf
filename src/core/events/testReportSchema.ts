import * as z from 'zod';

/** The shapes of a test report, shared by the completed event and a sweep's sweep_completed. */
const num = z.number().nullable();

export const VERDICTS = ['better', 'no clear change', 'worse'] as const;
export const TEST_SOURCES = ['dataset.eval', 'test_size'] as const;

export const alsoSchema = z.object({
  name: z.string(),
  metric: z.string(),
  n: z.int().min(0).nullable(),
  baseline: num,
  finetuned: num,
  delta: num,
  delta_ci95: z.tuple([num, num]).nullable(),
  verdict: z.enum(VERDICTS).nullable(),
}).meta({ description: 'One forgetting-check set: the base and the chosen model\'s score, the change and its interval.' });

/** What `finetune-embeddings report RUN --json` prints, exactly these keys. */
export const testReportSchema = z.object({
  metric: z.string(),
  split: z.enum(['test']),
  n: z.int().min(0).nullable(),
  corpus_size: z.int().min(0).nullable(),
  baseline: num,
  finetuned: num,
  delta: num,
  delta_ci95: z.tuple([num, num]).nullable(),
  verdict: z.enum(VERDICTS).nullable(),
  also: z.array(alsoSchema),
}).meta({ description: 'The test set scored with the base model and the chosen one: the gain, its paired-bootstrap 95% interval and the verdict.' });
