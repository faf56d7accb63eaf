/**
 * The modal generator through the fake control plane: the real `modal` SDK starts the generator's
 * GPU sandbox, opens its encrypted tunnel (TLS) and synthesize.py calls the server inside with the
 * sandbox's one-time token. The sandbox's program is a real `transformers serve` with a tiny causal
 * model, behind vLLM's command line and token check (vllmStandIn.py). The sandbox stops when
 * generation ends and when it is cancelled; nothing is started when every chunk is cached.
 */
import './modalHarness';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/core/job/resolveJob';
import type { JobSpec } from '../../src/core/job/jobSpec';
import { PythonToolError } from '../../src/core/pyenv/runPythonTool';
import type { SynthCost } from '../../src/core/synthesize/synthCost';
import { synthesizeStep } from '../../src/core/synthesize/synthesizeStep';
import { trainingPython } from '../support/trainingPython';
import { startFakeModal, type FakeModal } from './fakeModal/server';

const repo = path.resolve(__dirname, '..', '..');
const templateDir = path.join(repo, 'gpu-templates');
const ws = mkdtempSync(path.join(os.tmpdir(), 'fte-synthmodal-'));
const python = trainingPython();
const tinyModel = path.join(ws, 'tiny-chat');
let fake: FakeModal;

const DOCS: Record<string, string> = {
  'kestrel.md': 'Kestrel is the payment gateway. When Kestrel declines every card, rotate its acquirer certificate. The Kestrel dashboard shows latency per bank.',
  'juniper.md': 'Juniper prints shipping labels. Slow Juniper responses mean the connection pool is exhausted. Raise juniper.pool.max to 64 and recycle the pods.',
  'dunlin.md': 'Dunlin keeps the loyalty ledger. When Dunlin falls behind, pause the producers and run the drain command. Watch the lag graph until it recovers.',
};

function config(dir: string): string {
  return `task: information-retrieval
model: sentence-transformers/all-MiniLM-L6-v2
dataset:
  test_size: 0.34
  synthesize:
    documents: docs/**/*.md
    chunk: { tokens: 24, overlap: 4 }
    generator: { backend: modal, model: ${tinyModel}, gpu: L4, concurrency: 2, max_minutes: 30 }
    filter: { top_k: 1 }
    out: data/synthetic.jsonl
compute: { backend: local }
`.replace('DIR', dir);
}

function workspace(name: string): JobSpec {
  const dir = path.join(ws, name);
  for (const [file, text] of Object.entries(DOCS)) {
    mkdirSync(path.join(dir, 'docs'), { recursive: true });
    writeFileSync(path.join(dir, 'docs', file), `${text}\n`);
  }
  const file = path.join(dir, 'docs.finetune.yaml');
  writeFileSync(file, config(dir));
  const r = resolveJob(config(dir), file, {});
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.job;
}

beforeAll(async () => {
  const made = spawnSync(python, ['-c', `from tests.llmkit import build_causal_model; print(build_causal_model(${JSON.stringify(tinyModel)}))`],
    { cwd: templateDir, encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1' } });
  if (made.status !== 0) throw new Error(made.stderr);
  const shim = path.join(ws, 'vllm');
  writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(python)} ${JSON.stringify(path.join(__dirname, 'vllmStandIn.py'))} "$@"\n`);
  chmodSync(shim, 0o755);
  fake = await startFakeModal({ commandAliases: { vllm: shim }, scheduleDelayMs: 50 });
}, 120_000);

afterAll(async () => {
  await fake?.stop();
  rmSync(ws, { recursive: true, force: true });
});

function options(lines: string[], extra: Partial<Parameters<typeof synthesizeStep>[1]> = {}): Parameters<typeof synthesizeStep>[1] {
  return {
    python, templateDir,
    env: { ...process.env, HF_HUB_OFFLINE: '1', SSL_CERT_FILE: fake.tunnelCaFile },
    modal: { appName: 'fte-synth', volumeName: 'fte-synth', credentials: { tokenId: fake.tokenId, tokenSecret: fake.tokenSecret }, serverUrl: fake.url },
    onLine: (l) => lines.push(l),
    ...extra,
  };
}

describe('dataset.synthesize with generator { backend: modal } (real modal SDK, fake control plane, transformers serve in the sandbox)', () => {
  it('shows the cost, serves the model through an encrypted tunnel with a token, stops the sandbox, and a rerun starts nothing', async () => {
    const job = workspace('once');
    const lines: string[] = [];
    let seen: SynthCost | undefined;
    const r = await synthesizeStep(job, options(lines, { confirm: (cost) => { seen = cost; return true; } }));
    expect(r.status, lines.join('\n')).toBe('done');
    if (r.status !== 'done') return;
    expect(seen?.calls).toBe(r.result.chunks);
    expect(seen?.text).toMatch(/LLM calls.*one Modal L4 at \$[\d.]+\/h: about \$[\d.]+ .*at most \$[\d.]+ \(it stops after 30 min\)/);
    expect(r.result).toMatchObject({ cached: 0, generated: r.result.chunks });
    expect(r.result.kept + r.result.dropped).toBeGreaterThan(0);

    const [create] = fake.callsOf('SandboxCreate');
    const def = (create!.request as { definition: Record<string, any> }).definition; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(def.entrypointArgs.slice(0, 3)).toEqual(['vllm', 'serve', tinyModel]);
    expect(def.resources.gpuConfig.gpuType).toBe('L4');
    expect(def.openPorts.ports).toEqual([expect.objectContaining({ port: 8000, unencrypted: false })]);
    expect(def.timeoutSecs).toBe(30 * 60);
    expect(def.idleTimeoutSecs).toBeGreaterThan(0);
    const secret = fake.callsOf('SecretGetOrCreate').map((c) => (c.request as { envDict?: Record<string, string> }).envDict ?? {}).find((e) => e.VLLM_API_KEY);
    expect(secret?.VLLM_API_KEY, 'the token travels as the ephemeral secret').toMatch(/^[\w-]{20,}$/);
    const everything = JSON.stringify(def) + lines.join('\n') + JSON.stringify(r);
    expect(everything).not.toContain(secret!.VLLM_API_KEY);

    expect(fake.callsOf('SandboxTerminate').length).toBeGreaterThan(0);
    const sb = [...fake.sandboxes.values()][0]!;
    expect(await sb.waitFor(5000), 'the GPU sandbox stopped when generation ended').toBe(true);

    const again = await synthesizeStep(job, options([], { confirm: () => { throw new Error('nothing to confirm: every chunk is cached'); } }));
    expect(again.status === 'done' && again.result).toMatchObject({ cached: r.result.chunks, generated: 0 });
    expect(fake.callsOf('SandboxCreate').length, 'no sandbox when every chunk is cached').toBe(1);
  }, 300_000);

  it('Cancel while generating stops the GPU sandbox', async () => {
    const job = workspace('cancel');
    const abort = new AbortController();
    const lines: string[] = [];
    const before = fake.sandboxes.size;
    const run = synthesizeStep(job, options(lines, {
      signal: abort.signal,
      onLine: (l) => {
        lines.push(l);
        if (/generator's server is ready/.test(l)) abort.abort();
      },
    }));
    await expect(run).rejects.toBeInstanceOf(PythonToolError);
    const sb = [...fake.sandboxes.values()][before]!;
    expect(await sb.waitFor(5000), `Cancel stopped the sandbox\n${lines.join('\n')}`).toBe(true);
    expect(fake.callsOf('SandboxTerminate').some((c) => (c.request as { sandboxId: string }).sandboxId === sb.id)).toBe(true);
  }, 300_000);
});
