import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeModal } from '../../contract/fakeModal/server.js';
import type { FakeModal } from '../../contract/fakeModal/server.js';
import { repoRoot } from './paths.js';

/** The stand-in for gpu-templates/finetune.py that the fake's sandboxes run (see the file). */
export const STAND_IN = path.join(repoRoot, 'test', 'e2e', 'fixtures', 'modal', 'finetuneStandIn.py');

export interface E2eModal {
  fake: FakeModal;
  /** Variables for code-server's environment: the SDK talks to the fake with its token. */
  env: Record<string, string>;
  /** A test creates `<gateDir>/<run-id>` to let the stand-in finish its run. */
  gateDir: string;
  /** A test creates `<controlDir>/outage-<ms>` for a control-plane outage of that long (test files run in other processes). */
  controlDir: string;
  stop(): Promise<void>;
}

/**
 * The fake Modal control plane for the suite (started before code-server). Its sandboxes run
 * `python` through a wrapper: the real bootstrap (which unpacks the job bundle sent over
 * stdin) execs the stand-in instead of finetune.py; any other script runs as sent.
 */
export async function startE2eModal(): Promise<E2eModal> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-e2e-modal-'));
  const gateDir = path.join(dir, 'gates');
  fs.mkdirSync(gateDir);
  const controlDir = path.join(dir, 'control');
  fs.mkdirSync(controlDir);
  const wrapper = path.join(dir, 'python');
  fs.writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      '# Called as: python -c BOOTSTRAP SCRIPT ARGS... (see src/core/backends/modal/bundle.ts)',
      'if [ "$1" = "-c" ] && [ "$3" = "finetune.py" ]; then',
      '  boot="$2"; shift 3',
      `  FTE_E2E_GATE_DIR=${JSON.stringify(gateDir)} exec python3 -c "$boot" ${JSON.stringify(STAND_IN)} "$@"`,
      'fi',
      'exec python3 "$@"',
      '',
    ].join('\n'),
  );
  fs.chmodSync(wrapper, 0o755);
  const fake = await startFakeModal({
    imageBuildMs: 50,
    scheduleDelayMs: 20,
    commandAliases: { python: wrapper },
  });
  const control = setInterval(() => {
    for (const name of fs.readdirSync(controlDir)) {
      const m = /^outage-(\d+)$/.exec(name);
      fs.rmSync(path.join(controlDir, name), { force: true });
      if (m) void fake.outage(Number(m[1]));
    }
  }, 200);
  return {
    fake,
    gateDir,
    controlDir,
    env: {
      MODAL_SERVER_URL: fake.url,
      MODAL_TOKEN_ID: fake.tokenId,
      MODAL_TOKEN_SECRET: fake.tokenSecret,
      // Never the developer's ~/.modal.toml.
      MODAL_CONFIG_PATH: path.join(dir, 'no-modal-config', '.modal.toml'),
    },
    stop: async () => {
      clearInterval(control);
      await fake.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
