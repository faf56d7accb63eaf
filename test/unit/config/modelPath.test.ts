import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveJob } from '../../../src/core/job/resolveJob';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-model-path-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.mkdirSync(path.join(dir, 'my-model'));
fs.writeFileSync(path.join(dir, 'pairs.jsonl'), '{"q": "a", "d": "b"}\n');
const configPath = path.join(dir, 'local.finetune.yaml');

function config(model: string, backend: 'local' | 'modal'): string {
  return `task: information-retrieval\nmodel: ${model}\ndataset:\n  path: pairs.jsonl\n  columns: { anchor: q, positive: d }\ncompute: { backend: ${backend} }\n`;
}

describe('model: a local folder', () => {
  it('resolves against the config folder, not the working directory', () => {
    for (const model of ['./my-model', 'my-model']) {
      const r = resolveJob(config(model, 'local'), configPath, { fileExists: fs.existsSync });
      expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
      if (r.ok) expect(r.job.model).toBe(path.join(dir, 'my-model'));
    }
  });

  it('leaves Hub ids alone', () => {
    const r = resolveJob(config('sentence-transformers/all-MiniLM-L6-v2', 'local'), configPath, { fileExists: fs.existsSync });
    expect(r.ok && r.job.model).toBe('sentence-transformers/all-MiniLM-L6-v2');
  });

  it('a missing folder and a folder with the Modal backend are errors on the model line', () => {
    const missing = resolveJob(config('./no-such-model', 'local'), configPath, { fileExists: fs.existsSync });
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics.map((d) => [d.code, d.range.start.line])).toContainEqual(['model-path-not-found', 1]);
    const modal = resolveJob(config('./my-model', 'modal'), configPath, { fileExists: fs.existsSync });
    expect(modal.diagnostics.find((d) => d.code === 'model-local-with-modal')?.message).toMatch(/Push the model to the Hugging Face Hub/);
  });
});
