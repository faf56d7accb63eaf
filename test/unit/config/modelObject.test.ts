import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config/validate';
import { resolveJob } from '../../../src/core/job/resolveJob';
import { remoteCodeWarning } from '../../../src/core/job/jobModel';
import { hoverAt } from '../../../src/core/config/hover';
import { cliRun } from '../../fixtures/cliRun';

const cfg = (model: string, extra = '') => `task: information-retrieval
model: ${model}
dataset:
  hub: org/pairs
  columns: { anchor: q, positive: d }
${extra}`;

describe('model as an object', () => {
  it('resolves to the id plus its loading options; a plain id has none', () => {
    const r = resolveJob(cfg('{ id: nomic-ai/nomic-embed-text-v1.5, revision: abc123, trust_remote_code: true, attn_implementation: sdpa }'), '/w/x.finetune.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.job.model).toBe('nomic-ai/nomic-embed-text-v1.5');
    expect(r.job.model_options).toEqual({ revision: 'abc123', trust_remote_code: true, attn_implementation: 'sdpa' });
    expect(r.job.prompts?.query).toBe('search_query: ');
    const plain = resolveJob(cfg('BAAI/bge-small-en-v1.5'), '/w/x.finetune.yaml');
    expect(plain.ok && plain.job.model_options).toEqual({ revision: null, trust_remote_code: false, attn_implementation: null });
  });

  it('trust_remote_code is a warning on that key naming the model and asking for a pinned revision', () => {
    const d = validateConfig(cfg('\n  id: org/custom\n  trust_remote_code: true')).diagnostics.find((x) => x.code === 'model-remote-code')!;
    expect(d.severity).toBe('warning');
    expect(d.range.start.line).toBe(3);
    expect(d.message).toContain('"org/custom"');
    expect(d.message).toContain('set model.revision to a commit hash');
    const pinned = validateConfig(cfg('{ id: org/custom, trust_remote_code: true, revision: 0123abc }')).diagnostics.find((x) => x.code === 'model-remote-code')!;
    expect(pinned.message).toContain('pinned to revision 0123abc');
  });

  it('a wrong shape or value names the field and the accepted forms', () => {
    const a = validateConfig(cfg('{ id: org/m, attn_implementation: flash }')).diagnostics.find((x) => x.severity === 'error')!;
    expect(a.message).toContain('model.attn_implementation must be one of eager, sdpa, flash_attention_2');
    const b = validateConfig(cfg('{ id: org/m, trust_remote_code: yes please }')).diagnostics.find((x) => x.severity === 'error')!;
    expect(b.message).toContain('trust_remote_code must be true or false');
  });

  it('an unknown key inside the model object is a warning with a rename, and the config still resolves', () => {
    const text = cfg('{ id: org/m, revison: abc }');
    const d = validateConfig(text).diagnostics.find((x) => x.code === 'unknown-key')!;
    expect(d.message).toContain('Did you mean "revision"?');
    const r = resolveJob(text, '/w/x.finetune.yaml');
    expect(r.ok && r.job.model).toBe('org/m');
  });

  it('a local folder in model.id is checked like a plain one, on the id', () => {
    const d = validateConfig(cfg('{ id: ./missing-model }'), { configDir: '/w', fileExists: () => false }).diagnostics
      .find((x) => x.code === 'model-local-with-modal')!;
    expect(d.range.start.line).toBe(1);
  });

  it('hovers on model.id explain the model like a plain id', () => {
    const text = cfg('{ id: intfloat/e5-base-v2 }');
    expect(hoverAt(text, text.indexOf('e5-base') + 2)?.markdown).toContain('query "query: "');
  });

  it('the launch warning says what runs, where, and whether it is pinned', () => {
    expect(remoteCodeWarning('org/m', { revision: null, trust_remote_code: false, attn_implementation: null }, 'modal')).toBeNull();
    const w = remoteCodeWarning('org/m', { revision: null, trust_remote_code: true, attn_implementation: null }, 'modal')!;
    expect(w).toContain('Python code that ships with "org/m"');
    expect(w).toContain('with the run\'s secrets');
    expect(w).toContain('set model.revision to a commit');
    expect(remoteCodeWarning('org/m', { revision: 'c0ffee', trust_remote_code: true, attn_implementation: null }, 'local')).toContain('at revision c0ffee, on this machine');
  });

  it('the CLI refuses to launch remote code without --allow-remote-code, before any run is recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fe-remote-'));
    const cwd = process.cwd();
    try {
      writeFileSync(join(dir, 'd.jsonl'), '{"q": "a", "d": "b"}\n');
      const file = join(dir, 'x.finetune.yaml');
      writeFileSync(file, `task: information-retrieval\nmodel: { id: org/custom, trust_remote_code: true }\ndataset:\n  path: d.jsonl\n  columns: { anchor: q, positive: d }\ncompute: { backend: local }\n`);
      process.chdir(dir);
      const r = await cliRun('launch', file);
      expect(r.code).toBe(2);
      expect(r.err).toContain('Python code that ships with "org/custom"');
      expect(r.err).toContain('--allow-remote-code');
      expect(existsSync(join(dir, '.finetune'))).toBe(false);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
