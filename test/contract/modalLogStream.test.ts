import { afterAll, beforeAll, expect, test } from 'vitest';
import { backendFor, expectedLines, makeJob, recorder, REQUIREMENTS, script } from './modalHarness';
import { startFakeModal, type FakeModal } from './fakeModal/server';

let fake: FakeModal;
beforeAll(async () => {
  // The server ends every SandboxGetLogs stream after 200 ms, and hands out 3-character entries.
  fake = await startFakeModal({ imageBuildMs: 50, logStreamMaxMs: 200, logChunkChars: 3 });
});
afterAll(async () => fake?.stop());

test('log stream ended by the server every ~200 ms: every line once, in order', async () => {
  const rec = recorder();
  const handle = await backendFor(fake).launch(
    { runId: 'stream-1', job: makeJob(), templateFiles: { 'finetune.py': script({ lines: 60, delayS: 0.02 }) }, requirementsTxt: REQUIREMENTS },
    rec,
  );
  expect(await handle.wait()).toEqual({ outcome: 'completed', exitCode: 0 });
  expect(rec.stdout).toEqual(expectedLines(60));
  expect(rec.stderr).toEqual(Array.from({ length: 12 }, (_, i) => `warn ${i * 5}`));
  const stdoutCalls = fake.callsOf('SandboxGetLogs').filter((c) => c.request.fileDescriptor === 1);
  expect(stdoutCalls.length).toBeGreaterThanOrEqual(5); // the SDK resumed several times...
  expect(stdoutCalls.slice(1).every((c) => c.request.lastEntryId !== '0-0')).toBe(true); // ...from the last entry id
  expect(rec.warnings).toEqual([]);
});

test('a log stream that fails for good is reopened by the backend: replayed lines are skipped', async () => {
  const failing = await startFakeModal({ imageBuildMs: 50, logStreamFailAfterMs: 300, logChunkChars: 4 });
  try {
    const rec = recorder();
    const handle = await backendFor(failing).launch(
      { runId: 'stream-2', job: makeJob(), templateFiles: { 'finetune.py': script({ lines: 40, delayS: 0.02 }) }, requirementsTxt: REQUIREMENTS },
      rec,
    );
    expect(await handle.wait()).toEqual({ outcome: 'completed', exitCode: 0 });
    expect(rec.stdout).toEqual(expectedLines(40));
    expect(rec.indices).toEqual(rec.stdout.map((_, i) => i));
    expect(rec.connections).toEqual([]); // one failure that reopens at once is not worth a "reconnecting"
    expect(rec.refs).toEqual([handle.ref]);
    const stdoutCalls = failing.callsOf('SandboxGetLogs').filter((c) => c.request.fileDescriptor === 1);
    expect(stdoutCalls[0]!.code).toBe(9);
    expect(stdoutCalls.filter((c) => c.request.lastEntryId === '0-0').length).toBe(2); // the reopen replays from the start
  } finally {
    await failing.stop();
  }
});
