/**
 * Fault injection: the launcher (a `launch` CLI process) is SIGKILLed while Modal looks for a
 * GPU, while the job files upload, and while it follows the run. Whatever the moment, the run
 * record must name the sandbox, so `cancel` (or `logs --follow`) from another process can stop
 * (or finish following) it: no GPU may keep billing without a record that can stop it.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { processGone } from './modalHarness'; // first: isolates the SDK from ~/.modal.toml and MODAL_*
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { GenericStatus } from './fakeModal/types';
import { buildCli, CONFIG, expectNoStackTrace, expectSafe, launchStandIn, runCliToEnd, standInEventCount, standInTemplate, startCli, until, untilEvents, workspace } from './faultHarness';
import { RunStore } from '../../src/core/runs/runStore';

let cli: string;
let template: string;
/** Each test its own control plane, so a sandbox one test leaves behind cannot pass for another's. */
let fake: FakeModal;

beforeAll(async () => {
  cli = await buildCli();
  template = standInTemplate(40, 0.15);
});
beforeEach(async (ctx) => {
  // No GPU free in the first test: the SDK keeps waiting for one.
  fake = await startFakeModal({ imageBuildMs: 30, scheduleDelayMs: ctx.task.name.includes('finding a GPU') ? 600_000 : 20 });
});
afterEach(async () => fake?.stop());

const env = () => ({ FINETUNE_TEMPLATE_DIR: template });

describe('the launcher is killed', () => {
  test('while Modal is still finding a GPU: the record names the sandbox and cancel from another process stops it', async () => {
    const ws = workspace(CONFIG());
    const store = new RunStore(ws);
    const launcher = startCli(cli, fake, ws, ['launch', 'fault.finetune.yaml'], env());
    await until('the sandbox is created and the SDK waits for scheduling', () => {
      const created = fake.callsOf('SandboxCreate').length > 0;
      return created && fake.callsOf('SandboxGetTaskId').length >= 2;
    });
    launcher.child.kill('SIGKILL');
    await launcher.exit;
    const [sandboxId] = [...fake.sandboxes.keys()];
    const meta = store.list()[0]!;
    expect(meta.ref).toBe(sandboxId);
    expectSafe(fake, store);

    const cancel = await runCliToEnd(cli, fake, ws, ['cancel', meta.id], env());
    expect(cancel.code, cancel.out + cancel.err).toBe(0);
    expectNoStackTrace(cancel.out + cancel.err);
    expect(fake.sandboxes.get(sandboxId!)!.result?.status).toBe(GenericStatus.TERMINATED);
    expect(store.readMeta(meta.id)!.state).toBe('cancelled');
    expectSafe(fake, store);
  }, 60_000);

  test('while uploading the job files: the record names the sandbox and cancel from another process stops it', async () => {
    // ~4 MB of incompressible-ish rows: several 512 KiB stdin writes, each held 400 ms.
    const rows = Array.from({ length: 2000 }, () => JSON.stringify({ query: randomBytes(500).toString('hex'), answer: randomBytes(500).toString('hex') })).join('\n');
    const ws = workspace(CONFIG().replace('hub: sentence-transformers/natural-questions', 'path: data/big.jsonl\n  test_size: 0.5'), { 'data/big.jsonl': rows });
    const store = new RunStore(ws);
    fake.faults.stdinWriteDelayMs = 400;
    {
      const before = fake.callsOf('SandboxStdinWrite').length;
      const launcher = startCli(cli, fake, ws, ['launch', 'fault.finetune.yaml'], env());
      await until('the upload started', () => fake.callsOf('SandboxStdinWrite').length > before);
      launcher.child.kill('SIGKILL');
      await launcher.exit;
      const meta = store.list()[0]!;
      const sandbox = fake.sandboxes.get(meta.ref ?? '');
      expect(sandbox, 'the record names the sandbox').toBeDefined();
      expect(sandbox!.result).toBeUndefined(); // its bootstrap still waits for the rest of the bundle
      expectSafe(fake, store);

      const cancel = await runCliToEnd(cli, fake, ws, ['cancel', meta.id], env());
      expect(cancel.code, cancel.out + cancel.err).toBe(0);
      expectNoStackTrace(cancel.out + cancel.err);
      expect(sandbox!.result?.status).toBe(GenericStatus.TERMINATED);
      expect(processGone(sandbox!.pid)).toBe(true);
      expect(store.readMeta(meta.id)!.state).toBe('cancelled');
      expectSafe(fake, store);
    }
  }, 60_000);

  test('while following the run: `logs --follow` from another process gets every event exactly once and the real end', async () => {
    const { ws, store, launcher } = launchStandIn(cli, fake, template);
    await untilEvents(store, 5);
    launcher.child.kill('SIGKILL');
    await launcher.exit;
    const meta = store.list()[0]!;
    expect(meta.state).toBe('running');
    expectSafe(fake, store);

    const follow = await runCliToEnd(cli, fake, ws, ['logs', meta.id, '--follow'], env());
    expect(follow.code, follow.out + follow.err).toBe(0);
    expectNoStackTrace(follow.out + follow.err);
    const final = store.readMeta(meta.id)!;
    expect(final.state).toBe('completed');
    expectSafe(fake, store, { runId: meta.id, count: standInEventCount(40) });
  }, 60_000);
});
