/**
 * Cancel while a launch is still building its image: there is no sandbox to stop yet. The cancel
 * (from another process, as a second terminal or window would) leaves a durable mark that the
 * launcher reads before it creates the sandbox: the launch stops, no sandbox is ever created,
 * and both sides say so. Before the mark, cancel marked the run lost, the launch went on, and a
 * sweep kept starting workers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import './modalHarness'; // first: isolates the SDK from ~/.modal.toml and MODAL_*
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { buildCli, CONFIG, expectNoStackTrace, runCliToEnd, standInTemplate, startCli, until, workspace } from './faultHarness';
import { RunStore } from '../../src/core/runs/runStore';

let cli: string;
let template: string;
let fake: FakeModal;

beforeAll(async () => {
  cli = await buildCli();
  template = standInTemplate(5, 0.05);
  // A sweep's launches name sweep.py; it never runs here (no sandbox may start).
  writeFileSync(join(template, 'sweep.py'), 'raise SystemExit("a sweep worker started after Cancel")\n');
});
// A slow image build: the window in which users press Cancel and nothing used to happen.
beforeEach(async () => { fake = await startFakeModal({ imageBuildMs: 4000, scheduleDelayMs: 20 }); });
afterEach(async () => fake?.stop());

const env = () => ({ FINETUNE_TEMPLATE_DIR: template });

describe('cancel during the image build', () => {
  test('a run: the launch stops before the sandbox, no sandbox is created, and the run ends cancelled', async () => {
    const ws = workspace(CONFIG());
    const store = new RunStore(ws);
    const launcher = startCli(cli, fake, ws, ['launch', 'fault.finetune.yaml'], env());
    await until('the image build started', () => fake.callsOf('ImageGetOrCreate').length > 0 && store.list().length === 1);
    const id = store.list()[0]!.id;
    const cancel = await runCliToEnd(cli, fake, ws, ['cancel', id], env());
    const code = await launcher.exit;
    expectNoStackTrace(cancel.out + cancel.err + launcher.out() + launcher.err());
    expect(cancel.code, cancel.out + cancel.err).toBe(0);
    expect(cancel.out).toContain('is still launching: it stops before it starts a sandbox');
    expect(cancel.out).toContain(`Run ${id} cancelled: Cancelled before the run started`);
    expect(code).toBe(1);
    expect(launcher.out()).toContain('Cancelled before the run started: no sandbox or process was left running.');
    expect(fake.callsOf('SandboxCreate')).toHaveLength(0);
    expect(store.readMeta(id)).toMatchObject({ state: 'cancelled', ref: null });
  }, 60_000);

  test('a sweep: no coordinator and no worker is started after Cancel', async () => {
    const ws = workspace(CONFIG('sweep:\n  trials: 4\n  parallel: 2\n  space:\n    learning_rate: { type: float, low: 1.0e-6, high: 1.0e-4, log: true }\n'));
    const store = new RunStore(ws);
    const launcher = startCli(cli, fake, ws, ['launch', 'fault.finetune.yaml'], env());
    await until('the image build started', () => fake.callsOf('ImageGetOrCreate').length > 0 && store.list().some((m) => m.kind === 'sweep'));
    const sweep = store.list().find((m) => m.kind === 'sweep')!;
    const cancel = await runCliToEnd(cli, fake, ws, ['cancel', sweep.id], env());
    await launcher.exit;
    expectNoStackTrace(cancel.out + cancel.err);
    expect(cancel.code, cancel.out + cancel.err).toBe(0);
    expect(cancel.out).toMatch(new RegExp(`Sweep ${sweep.id} cancelled`));
    expect(fake.callsOf('SandboxCreate')).toHaveLength(0);
    expect(store.readMeta(sweep.id)!.state).toBe('cancelled');
    expect(store.list().filter((m) => m.parentId === sweep.id).map((m) => m.state)).toEqual(['cancelled']); // the coordinator, stopped before its sandbox
  }, 60_000);
});
