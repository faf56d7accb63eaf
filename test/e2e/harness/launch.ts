import type { Page } from 'playwright-core';
import type { RunMeta } from '../../../src/core/runs/runMeta';
import type { RunStore } from '../../../src/core/runs/runStore';
import { errorNotifications, openFile, runCommand, waitUntil } from './workbench.js';

/**
 * Opens a config, runs "Fine-tune Embeddings: Launch" and waits until the newest run record
 * satisfies `ready`; an error notification (or dialog) fails at once with its text.
 */
export async function launchFromEditor(page: Page, store: RunStore, config: string, ready: (m: RunMeta) => boolean, what: string, timeoutMs = 45_000): Promise<RunMeta> {
  await openFile(page, config);
  await runCommand(page, 'Fine-tune Embeddings: Launch');
  return waitUntil(what, async () => {
    const errors = await errorNotifications(page);
    if (errors.length) throw new Error(`launch failed: ${JSON.stringify(errors)}`);
    const m = store.list()[0];
    return m && ready(m) ? m : undefined;
  }, timeoutMs, 200);
}
