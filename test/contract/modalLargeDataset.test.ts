/**
 * A local dataset over the stdin bundle's limit (200 MB), through the real `modal` client to the
 * fake control plane: the upload is interrupted half-way (cancel: its sandbox is stopped), the
 * launch then sends only the parts the volume lacks, the template in the "GPU sandbox" trains on
 * the file from the volume, and a second launch uploads nothing.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import './modalHarness'; // first: isolates the SDK from ~/.modal.toml and MODAL_*
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { runCli } from '../../src/cli/main';
import { LaunchCancelledError } from '../../src/core/backends/jobBackend';
import { planUpload, PART_BYTES } from '../../src/core/backends/modal/uploadPlan';
import { uploadToVolume } from '../../src/core/backends/modal/volumeUpload';
import { RunStore } from '../../src/core/runs/runStore';
import { trainingPython } from '../support/trainingPython';

const REPO = resolve(__dirname, '..', '..');
const TARGET_BYTES = 200 * 1024 * 1024;
const CONFIG = `task: information-retrieval
model: sentence-transformers/all-MiniLM-L6-v2
dataset:
  path: data/big-runbooks.jsonl
  sample: 64
  test_size: 0.25
  columns: { anchor: question, positive: runbook }
training: { epochs: 1, batch_size: 16, learning_rate: 1.0e-4, eval_steps: 50, max_seq_length: 24 }
compute: { backend: modal, gpu: A10G, timeout_minutes: 20 }
`;

let fake: FakeModal;
let ws: string;
let dataset: string;
const cwdBefore = process.cwd();

/** ~200 MB of distinct rows: the quickstart runbooks, repeated with a numbered question. */
function writeBigDataset(path: string): void {
  const lines = readFileSync(join(REPO, 'examples', 'data', 'quickstart-runbooks.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { question: string; runbook: string });
  writeFileSync(path, '');
  let size = 0;
  for (let round = 0; size < TARGET_BYTES; round++) {
    const text = lines.map((r) => JSON.stringify({ question: `${r.question} (#${round})`, runbook: r.runbook })).join('\n') + '\n';
    appendFileSync(path, text);
    size += Buffer.byteLength(text);
  }
}

/** An upload sandbox's first stdin line: its plan (the parts and their hashes), not the file's bytes. */
const isPlanLine = (input?: Uint8Array) => input !== undefined && Buffer.from(input.subarray(0, 8)).toString() === '{"dir":"';

/** The file's bytes the launch wrote to sandboxes other than the run's own (the upload sandboxes). */
function uploadedBytes(except: string[]): number {
  return fake.callsOf('SandboxStdinWrite')
    .map((c) => c.request as { sandboxId: string; input?: Uint8Array })
    .filter((r) => !except.includes(r.sandboxId) && !isPlanLine(r.input))
    .reduce((n, r) => n + (r.input?.byteLength ?? 0), 0);
}

beforeAll(async () => {
  fake = await startFakeModal({ imageBuildMs: 20, scheduleDelayMs: 20, commandAliases: { python: trainingPython() } });
  ws = mkdtempSync(join(tmpdir(), 'fte-modal-big-'));
  mkdirSync(join(ws, 'data'));
  dataset = join(ws, 'data', 'big-runbooks.jsonl');
  writeBigDataset(dataset);
  writeFileSync(join(ws, 'big.finetune.yaml'), CONFIG);
  process.chdir(ws);
  process.env.MODAL_SERVER_URL = fake.url;
  process.env.MODAL_TOKEN_ID = fake.tokenId;
  process.env.MODAL_TOKEN_SECRET = fake.tokenSecret;
}, 120_000);

afterAll(async () => {
  process.chdir(cwdBefore);
  for (const k of ['MODAL_SERVER_URL', 'MODAL_TOKEN_ID', 'MODAL_TOKEN_SECRET']) delete process.env[k];
  await fake?.stop();
  rmSync(ws, { recursive: true, force: true });
});

describe('a dataset larger than the bundle goes to the volume', () => {
  test('interrupted upload resumes with only the missing parts; the template trains on the volume file; a second launch uploads nothing', async () => {
    const size = statSync(dataset).size;
    expect(size).toBeGreaterThanOrEqual(TARGET_BYTES);
    const plan = await planUpload(dataset);
    expect(plan.parts.length).toBe(Math.ceil(size / PART_BYTES));
    const conn = { appName: 'finetune-embeddings', volumeName: 'finetune-embeddings', serverUrl: fake.url, credentials: { tokenId: fake.tokenId, tokenSecret: fake.tokenSecret } };

    // 1. Interrupted half-way: cancel stops the upload and its sandbox; whole parts stay.
    const abort = new AbortController();
    const rates: number[] = [];
    await expect(uploadToVolume(conn, plan, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.bytesPerSec > 0) rates.push(p.bytesPerSec);
        if (p.sent >= size / 2) abort.abort();
      },
    })).rejects.toBeInstanceOf(LaunchCancelledError);
    expect(rates.length).toBeGreaterThan(0);
    const firstSent = uploadedBytes([]);
    expect(firstSent).toBeGreaterThanOrEqual(size / 2);
    expect(firstSent).toBeLessThan(size);
    expect(fake.callsOf('SandboxTerminate').length).toBe(1); // the upload sandbox does not keep billing
    const partsDir = join(fake.volumeDir('finetune-embeddings'), 'uploads', plan.id, 'parts');
    await new Promise((r) => setTimeout(r, 300)); // the killed program's last rename, if any, has landed
    const kept = readdirSync(partsDir).filter((n) => !n.startsWith('.'));
    expect(kept.length).toBeGreaterThanOrEqual(Math.floor(plan.parts.length / 2) - 1);
    expect(kept.length).toBeLessThan(plan.parts.length);
    const keptBytes = kept.reduce((n, name) => n + plan.parts[Number(name.split('-')[0])]!.size, 0);

    // 2. The launch sends only what is missing, and the run trains on the file from the volume.
    const out: string[] = [];
    const code = await runCli(['launch', 'big.finetune.yaml'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code, out.join('\n')).toBe(0);
    const store = new RunStore(ws);
    const first = store.list()[0]!;
    expect(first).toMatchObject({ backend: 'modal', state: 'completed', exitCode: 0 });
    const resumed = uploadedBytes([first.ref!]) - firstSent;
    expect(resumed).toBe(size - keptBytes);
    const onVolume = join(fake.volumeDir('finetune-embeddings'), 'uploads', plan.id);
    expect(statSync(join(onVolume, 'big-runbooks.jsonl')).size).toBe(size);
    expect(existsSync(join(onVolume, 'complete'))).toBe(true);
    expect(existsSync(join(onVolume, 'parts'))).toBe(false);
    // The bundle carried no dataset: every stdin write to the GPU sandbox adds up to a few KB.
    expect(uploadedBytes([]) - uploadedBytes([first.ref!])).toBeLessThan(1024 * 1024);
    const events = store.readEvents(first.id);
    const ds = events.find((e) => e.type === 'dataset') as unknown as { total_rows: number } | undefined;
    expect(ds?.total_rows).toBeGreaterThan(100_000); // every row of the 200 MB file was read
    expect(events.some((e) => e.type === 'completed')).toBe(true);
    const log = readFileSync(store.files(first.id).log, 'utf8');
    expect(log).toMatch(/MB\/s/);
    // The log keeps the upload's progress at one line per 5% (it is reported four times a second).
    const progressLines = log.split('\n').filter((l) => l.includes('uploading the dataset:'));
    expect(progressLines.length).toBeGreaterThan(1);
    expect(progressLines.length).toBeLessThanOrEqual(21);

    // 3. A second launch of the same file uploads nothing (detached, then cancelled: the first run trained already).
    const before = uploadedBytes([]);
    const again = await runCli(['launch', 'big.finetune.yaml', '--detach'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(again, out.join('\n')).toBe(0);
    const second = new RunStore(ws).list().find((m) => m.id !== first.id)!;
    expect(second.ref).toMatch(/^sb-/);
    expect(uploadedBytes([second.ref!]) - before).toBe(0);
    expect(readFileSync(new RunStore(ws).files(second.id).log, 'utf8')).toMatch(/on the volume already: nothing to upload/);
    expect(await runCli(['cancel', second.id], { out: (l) => out.push(l), err: (l) => out.push(l) }), out.join('\n')).toBe(0);
  }, 600_000);
});
