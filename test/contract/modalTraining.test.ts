/**
 * The Modal path, training for real: the CLI and the real `modal` client against the project's
 * fake control plane, whose "GPU sandbox" runs the real command (the bootstrap reading the
 * bundle from stdin, then finetune.py) with the training environment standing in for the image.
 * Real events flow back through the log stream into the run store, and the run ends completed
 * with a gain over the base model.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import './modalHarness'; // first: isolates the SDK from ~/.modal.toml and MODAL_*
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { runCli } from '../../src/cli/main';
import { RunStore } from '../../src/core/runs/runStore';
import { readEventLog } from '../../src/core/runs/eventLog';
import { trainingPython } from '../support/trainingPython';

const REPO = resolve(__dirname, '..', '..');
const CONFIG = `task: information-retrieval
model: sentence-transformers/all-MiniLM-L6-v2
dataset:
  path: data/quickstart-runbooks.jsonl
  sample: 400
  test_size: 0.2
  columns: { anchor: question, positive: runbook }
training: { epochs: 1, batch_size: 32, learning_rate: 1.0e-4, eval_steps: 5, max_seq_length: 48 }
compute: { backend: modal, gpu: A10G, timeout_minutes: 20 }
`;

let fake: FakeModal;
let ws: string;
const cwdBefore = process.cwd();

beforeAll(async () => {
  fake = await startFakeModal({ imageBuildMs: 50, scheduleDelayMs: 200, commandAliases: { python: trainingPython() } });
  ws = mkdtempSync(join(tmpdir(), 'fte-modal-train-'));
  mkdirSync(join(ws, 'data'));
  copyFileSync(join(REPO, 'examples', 'data', 'quickstart-runbooks.jsonl'), join(ws, 'data', 'quickstart-runbooks.jsonl'));
  writeFileSync(join(ws, 'runbooks.finetune.yaml'), CONFIG);
  process.chdir(ws);
  process.env.MODAL_SERVER_URL = fake.url;
  process.env.MODAL_TOKEN_ID = fake.tokenId;
  process.env.MODAL_TOKEN_SECRET = fake.tokenSecret;
});

afterAll(async () => {
  process.chdir(cwdBefore);
  for (const k of ['MODAL_SERVER_URL', 'MODAL_TOKEN_ID', 'MODAL_TOKEN_SECRET']) delete process.env[k];
  await fake?.stop();
  rmSync(ws, { recursive: true, force: true });
});

describe('a real fine-tune through the Modal path', () => {
  test('launch -> GPU sandbox -> bundle over stdin -> finetune.py trains -> run store completed with a gain', async () => {
    const out: string[] = [];
    const code = await runCli(['launch', 'runbooks.finetune.yaml'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code, out.join('\n')).toBe(0);

    const store = new RunStore(ws);
    const meta = store.list()[0]!;
    expect(meta).toMatchObject({ backend: 'modal', gpu: 'A10G', state: 'completed', exitCode: 0 });
    expect(meta.ref).toMatch(/^sb-[A-Za-z0-9]{22}$/);
    const create = fake.callsOf('SandboxCreate')[0]!.request as { definition: { resources: { gpuConfig: { gpuType: string } } } };
    expect(create.definition.resources.gpuConfig.gpuType).toBe('A10G');
    expect(fake.callsOf('SandboxStdinWrite').length).toBeGreaterThan(0); // the bundle went over stdin

    const events = readEventLog(store.files(meta.id).events);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run_started');
    expect(types.filter((t) => t === 'eval').length).toBeGreaterThanOrEqual(2);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1)); // each event once, in order
    const done = events.find((e) => e.type === 'completed') as unknown as { primary_metric: string; primary_value: number; baseline_metrics: Record<string, number> };
    const base = done.baseline_metrics[done.primary_metric]!;
    expect(done.primary_metric).toBe('eval_dev_cosine_ndcg@10');
    expect(done.primary_value - base).toBeGreaterThan(0.05);
    expect(out.join('\n')).toMatch(/completed: eval_dev_cosine_ndcg@10 \d\.\d+ -> \d\.\d+ \(\+/);

    // The model and the template's own event copy are on the (fake) volume.
    const runDir = join(fake.volumeDir('finetune-embeddings'), 'runs', meta.id);
    expect(existsSync(join(runDir, 'model', 'model.safetensors'))).toBe(true);
    expect(readdirSync(runDir)).toContain('events.jsonl');
  }, 600_000);
});
