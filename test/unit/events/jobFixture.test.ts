/**
 * The Python tests run finetune.py on gpu-templates/tests/fixtures/quora-job.json. Keep that
 * file equal to what the TypeScript side resolves from examples/quora-duplicates.finetune.yaml,
 * so the template is tested on the real job spec. Regenerate with UPDATE_EVENTS_FIXTURES=1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { resolveJob } from '../../../src/core/job/resolveJob';

const ROOT = join(__dirname, '../../..');
const FIXTURE = join(ROOT, 'gpu-templates/tests/fixtures/quora-job.json');

it('the Python job fixture is the resolved quora example', () => {
  const configPath = join(ROOT, 'examples/quora-duplicates.finetune.yaml');
  const result = resolveJob(readFileSync(configPath, 'utf8'), configPath);
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const text = `${JSON.stringify(result.job, null, 2)}\n`;
  if (process.env.UPDATE_EVENTS_FIXTURES === '1') writeFileSync(FIXTURE, text);
  expect(readFileSync(FIXTURE, 'utf8')).toBe(text);
});
