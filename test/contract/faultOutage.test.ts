/**
 * Fault injection while a healthy run is followed by the `launch` CLI: a 20 s control-plane
 * outage, log streams cut over and over, and a sandbox that dies without a result. Only the
 * sandbox's own result may end a run: a lost connection is "reconnecting", never "failed",
 * and every event reaches the store exactly once.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import './modalHarness'; // first: isolates the SDK from ~/.modal.toml and MODAL_*
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { buildCli, expectNoStackTrace, expectSafe, launchStandIn, standInEventCount, standInTemplate, until, untilEvents } from './faultHarness';

let cli: string;
beforeAll(async () => {
  cli = await buildCli();
});

/** 20 s by default; FTE_OUTAGE_MS=60000 checks the long end of the 20-60 s (about 95 s). */
const OUTAGE_MS = Number(process.env.FTE_OUTAGE_MS ?? 20_000);

describe('faults while following a healthy run', () => {
  let fake: FakeModal;
  beforeEach(async () => {
    fake = await startFakeModal({ imageBuildMs: 30, scheduleDelayMs: 20, volumes: ['finetune-embeddings'] });
  });
  afterEach(async () => fake?.stop());

  test(`a ${OUTAGE_MS / 1000} s control-plane outage mid-run: "reconnecting", then every event once and the real end`, async () => {
    const steps = 60;
    const template = standInTemplate(steps, 0.5 * Math.max(1, OUTAGE_MS / 20_000)); // outlives the outage
    const { store, launcher } = launchStandIn(cli, fake, template);
    const id = await untilEvents(store, 4);
    let sawReconnecting = false;
    let sawFailed = false;
    let backAt: number | undefined;
    const outage = fake.outage(OUTAGE_MS);
    const watch = setInterval(() => {
      const m = store.readMeta(id);
      if (m?.connection === 'reconnecting') sawReconnecting = true;
      else if (sawReconnecting && backAt === undefined) backAt = Date.now();
      if (m?.state === 'failed') sawFailed = true;
    }, 100);
    try {
      await outage;
      const outageEnded = Date.now();
      await until('contact is back', () => backAt !== undefined, 60_000);
      // Capped backoff: following resumes within MAX_BACKOFF_MS (plus the channel's own reconnect) of Modal coming back.
      const lag = backAt! - outageEnded;
      if (process.env.FTE_REPORT_TIMINGS) console.info(`reconnected ${lag} ms after the outage ended`);
      expect(lag).toBeLessThan(30_000);
      const code = await launcher.exit;
      expect(code, launcher.out() + launcher.err()).toBe(0);
    } finally {
      clearInterval(watch);
    }
    expectNoStackTrace(launcher.out() + launcher.err());
    expect(sawFailed).toBe(false);
    expect(sawReconnecting).toBe(true);
    expect(launcher.out()).toMatch(/reconnecting to Modal/i);
    expect(launcher.out()).toMatch(/reconnected/i);
    const final = store.readMeta(id)!;
    expect(final.state).toBe('completed');
    expect(final.connection ?? null).toBe(null);
    expectSafe(fake, store, { runId: id, count: standInEventCount(steps) });
  }, 2 * OUTAGE_MS + 80_000);

  test('log streams cut every 300 ms: the follower reopens as often as needed; every event once, completed', async () => {
    const steps = 40;
    const template = standInTemplate(steps, 0.1);
    fake.faults.logStreamDropEveryMs = 300;
    {
      const { store, launcher: run } = launchStandIn(cli, fake, template);
      const code = await run.exit;
      expect(code, run.out() + run.err()).toBe(0);
      expectNoStackTrace(run.out() + run.err());
      const meta = store.list()[0]!;
      expect(meta.state).toBe('completed');
      const drops = fake.callsOf('SandboxGetLogs').filter((c) => c.request.sandboxId === meta.ref && c.code === 9);
      expect(drops.length).toBeGreaterThan(6); // more than the old give-up limit of 5 reopens
      expectSafe(fake, store, { runId: meta.id, count: standInEventCount(steps) });
    }
  }, 90_000);

  test('a sandbox that dies without a result (Modal forgets it mid-run): lost, not failed; the events it printed are kept once', async () => {
    const steps = 60;
    const template = standInTemplate(steps, 0.2);
    const { store, launcher: run } = launchStandIn(cli, fake, template);
    const meta = store.readMeta(await untilEvents(store, 6))!;
    fake.forget(meta.ref!);
    const code = await run.exit;
    expectNoStackTrace(run.out() + run.err());
    expect(code).toBe(1); // it did not complete
    const final = store.readMeta(meta.id)!;
    expect(final.state).toBe('lost');
    expect(final.message).toMatch(/no longer knows/);
    // Every event the template wrote before it died (its copy on the volume) is in the store, once.
    const printed = (await import('node:fs')).readFileSync(`${fake.volumeDir('finetune-embeddings')}/runs/${meta.id}/events.jsonl`, 'utf8').trim().split('\n').length;
    expect(printed).toBeGreaterThanOrEqual(6);
    expectSafe(fake, store, { runId: meta.id, count: printed });
  }, 90_000);
});
