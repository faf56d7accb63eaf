/**
 * The data doctor's corpus (test/fixtures/data/doctor, written by its make.py): one small broken
 * dataset per planted defect, each config declaring `# expect: SEVERITY CODE LINE`. Runs the real
 * CLI, which runs gpu-templates/doctor.py in the training environment (one Python process for the
 * whole corpus), then applies every offered fix and checks that the finding is gone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/main';
import type { Diagnostic, Fix } from '../../../src/core/config/diagnostic';
import { YamlDoc } from '../../../src/core/config/yamlDoc';
import type { Finding } from '../../../src/core/doctor/doctorResult';
import { findingFixes } from '../../../src/core/doctor/findingDiagnostics';
import { applyFixes, configFiles, parseExpectations, read, ROOT } from '../config/fixtureUtil';

const CORPUS = join(ROOT, 'test/fixtures/data/doctor');
const files = configFiles(CORPUS);
type Reported = Finding & { range: Diagnostic['range'] };
interface FileReport { file: string; findings: Reported[] }

async function doctor(paths: string[]): Promise<{ code: number; files: FileReport[]; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(['doctor', ...paths, '--json'], io);
  const parsed = JSON.parse(out.join('\n') || '{"files":[]}') as { files: FileReport[] };
  return { code, files: parsed.files, err: err.join('\n') };
}

let report: Map<string, Reported[]>;
let tmp: string;
const endpoint = process.env.HF_ENDPOINT;

beforeAll(async () => {
  // The Hub case must see an unreachable Hub on any machine: point the libraries at a closed port.
  process.env.HF_ENDPOINT = 'http://127.0.0.1:9';
  tmp = mkdtempSync(join(tmpdir(), 'fte-doctor-'));
  const r = await doctor(files);
  expect(r.files.length, r.err).toBe(files.length);
  report = new Map(r.files.map((f) => [basename(f.file), f.findings]));
}, 300_000);

afterAll(() => {
  if (endpoint === undefined) delete process.env.HF_ENDPOINT;
  else process.env.HF_ENDPOINT = endpoint;
  rmSync(tmp, { recursive: true, force: true });
});

const show = (fs: readonly Reported[]) => fs.map((f) => `${f.severity} ${f.code} ${f.range.start.line + 1}: ${f.message}`).join('\n');

describe('data doctor corpus, through the CLI', () => {
  it('holds at least 12 broken datasets and clean ones', () => {
    const broken = files.filter((f) => parseExpectations(read(f)).some((e) => e.severity !== 'info'));
    expect(broken.length).toBeGreaterThanOrEqual(12);
    expect(files.filter((f) => basename(f).startsWith('clean-')).length).toBeGreaterThanOrEqual(3);
  });

  it.each(files.map((f) => [basename(f), f]))('%s', (name, file) => {
    const findings = report.get(name)!;
    const got = findings.map((f) => `${f.severity} ${f.code} ${f.range.start.line + 1}`);
    for (const e of parseExpectations(read(file))) {
      expect(got, `missing "${e.severity} ${e.code} ${e.line}"; got:\n${show(findings)}`).toContain(`${e.severity} ${e.code} ${e.line}`);
    }
    for (const f of findings) expect(f.message.length, f.code).toBeGreaterThan(40);
    if (name.startsWith('clean-')) {
      expect(findings.filter((f) => f.severity !== 'info'), show(findings)).toEqual([]);
    }
  });

  it('exits 1 when a dataset has an error and 0 for the clean ones', async () => {
    expect((await doctor([join(CORPUS, 'label-words.finetune.yaml')])).code).toBe(1);
    expect((await doctor(files.filter((f) => basename(f).startsWith('clean-')))).code).toBe(0);
  }, 120_000);

  it('every offered fix, applied to the config, makes its finding go away', async () => {
    const fixed: { name: string; code: string; path: string }[] = [];
    for (const file of files) {
      const name = basename(file);
      const text = read(file);
      for (const f of report.get(name)!.filter((x) => x.fix && x.severity !== 'info')) {
        const edits: Fix[] = findingFixes(new YamlDoc(text), f);
        expect(edits.length, `${name} ${f.code}: the fix has no edit`).toBeGreaterThan(0);
        // Absolute paths, so the copy in a temp folder reads the corpus' data and tokenizer.
        const out = applyFixes(text, edits).replace('path: data/', `path: ${CORPUS}/data/`).replace('model: ./tiny-model', `model: ${CORPUS}/tiny-model`);
        const path = join(tmp, `${fixed.length}-${name}`);
        writeFileSync(path, out);
        fixed.push({ name, code: f.code, path });
      }
    }
    expect(fixed.map((x) => x.code)).toEqual(expect.arrayContaining(['label-strings', 'score-out-of-range', 'duplicate-rows', 'leakage-anchor', 'texts-truncated', 'text-in-label', 'column-not-found']));
    const r = await doctor(fixed.map((x) => x.path));
    fixed.forEach((x, i) => {
      const after = r.files[i]!.findings;
      expect(after.map((f) => f.code), `${x.name}: ${x.code} is still reported after its fix:\n${show(after)}`).not.toContain(x.code);
      // A fix must not trade one error for another (a label_map that leaves "1" as text would).
      const before = new Set(report.get(x.name)!.filter((f) => f.severity === 'error').map((f) => f.code));
      const added = after.filter((f) => f.severity === 'error' && !before.has(f.code));
      expect(added, `${x.name}: the fix for ${x.code} brought new errors:\n${show(added)}`).toEqual([]);
    });
  }, 300_000);
});

describe('doctor CLI', () => {
  it('prints compiler-style lines with the fix, and a summary', async () => {
    const out: string[] = [];
    const file = join(CORPUS, 'label-words.finetune.yaml');
    const code = await runCli(['doctor', file], { out: (l) => out.push(l), err: () => undefined });
    expect(code).toBe(1);
    expect(out).toContain(`${file}:11:5: error label-strings: duplicate-classification needs labels 0 (different) and 1 (same); column "is_dup" holds words: "no", "yes" (120 rows: rows 1, 2, 3, 4, 5 and 115 more). Map them with dataset.label_map: { "yes": 1, "no": 0 }.`);
    expect(out).toContain('  fix: Map "yes" to 1 and "no" to 0 (dataset.label_map)');
    expect(out.at(-1)).toBe('1 dataset checked: 1 error, 0 warnings.');
  }, 120_000);

  it('exits 2 with the reason when there is no Python to run it, and names no config for none', async () => {
    const saved = process.env.FINETUNE_PYTHON;
    process.env.FINETUNE_PYTHON = join(tmp, 'no-such-python');
    try {
      const err: string[] = [];
      const code = await runCli(['doctor', join(CORPUS, 'clean-pairs.finetune.yaml')], { out: () => undefined, err: (l) => err.push(l) });
      expect(code).toBe(2);
      expect(err.join('\n')).toMatch(/^doctor: the data check could not run: Could not start .*no-such-python.*finetune-embeddings env/);
    } finally {
      if (saved === undefined) delete process.env.FINETUNE_PYTHON;
      else process.env.FINETUNE_PYTHON = saved;
    }
    expect(await runCli(['doctor'], { out: () => undefined, err: () => undefined })).toBe(2);
  });
});
