import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backendFor, expectedLines, makeJob, processGone, recorder, REQUIREMENTS, script } from './modalHarness';
import { startFakeModal, type FakeModal } from './fakeModal/server';

let fake: FakeModal;
beforeAll(async () => {
  fake = await startFakeModal({ imageBuildMs: 100, logChunkChars: 7 });
});
afterAll(async () => fake?.stop());

const files = (s: string) => ({ 'finetune.py': s });

describe('Modal run lifecycle', () => {
  test('cancel: terminate is called, the local process is gone, outcome cancelled', async () => {
    const rec = recorder();
    const handle = await backendFor(fake).launch(
      { runId: 'cancel-1', job: makeJob(), templateFiles: files(script({ lines: 0, delayS: 0.05, forever: true })), requirementsTxt: REQUIREMENTS },
      rec,
    );
    await rec.untilLines(5);
    const pid = fake.sandboxes.get(handle.ref)!.pid;
    expect(processGone(pid)).toBe(false);
    await handle.cancel();
    expect(fake.callsOf('SandboxTerminate').map((c) => c.request.sandboxId)).toEqual([handle.ref]);
    expect(processGone(pid)).toBe(true);
    expect(await handle.wait()).toMatchObject({ outcome: 'cancelled', exitCode: 137 });
  });

  test('timeout: the sandbox timeout ends the run as timed_out', async () => {
    const rec = recorder();
    const handle = await backendFor(fake).launch(
      { runId: 'timeout-1', job: makeJob({ timeout_minutes: 1 / 60 }), templateFiles: files(script({ lines: 0, delayS: 0.05, forever: true })), requirementsTxt: REQUIREMENTS },
      rec,
    );
    const create = fake.callsOf('SandboxCreate').at(-1)!.request as { definition: { timeoutSecs: number } };
    expect(create.definition.timeoutSecs).toBe(1);
    expect(await handle.wait()).toMatchObject({ outcome: 'timed_out', exitCode: 124 });
    expect(rec.stdout.length).toBeGreaterThan(3);
  });

  test('re-attach mid-run with a new client: no duplicate and no missing line', async () => {
    const first = recorder();
    const handle = await backendFor(fake).launch(
      { runId: 'reattach-1', job: makeJob(), templateFiles: files(script({ lines: 40, delayS: 0.02 })), requirementsTxt: REQUIREMENTS },
      first,
    );
    await first.untilLines(10);
    const cursor = handle.cursor();
    handle.detach(); // the window closes; the sandbox keeps running
    const seen = first.stdout.slice();
    expect(seen.length).toBe(cursor.stdoutLines);

    const second = recorder();
    const result = await backendFor(fake).reattach(handle.ref, second, cursor);
    expect(result.status).toBe('attached');
    if (result.status !== 'attached') return;
    expect(await result.handle.wait()).toEqual({ outcome: 'completed', exitCode: 0 });
    expect([...seen, ...second.stdout]).toEqual(expectedLines(40));
    expect(second.indices[0]).toBe(cursor.stdoutLines);
    expect(first.stdout.length).toBe(cursor.stdoutLines); // the detached handle delivered nothing more
  });

  test('re-attach to an unknown sandbox id: lost, no throw', async () => {
    const backend = backendFor(fake);
    const unknown = await backend.reattach('sb-AAAAAAAAAAAAAAAAAAAAAA', recorder());
    expect(unknown).toMatchObject({ status: 'lost' });
    expect(fake.callsOf('SandboxWait').some((c) => c.request.sandboxId === 'sb-AAAAAAAAAAAAAAAAAAAAAA' && c.code === 5)).toBe(true);
    expect(await backend.reattach('not-a-sandbox', recorder())).toMatchObject({ status: 'lost' });
  });
});
