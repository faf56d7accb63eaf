import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/fixture.js';
import { activeTabLabel, quickInput, runCommand, waitUntil } from './harness/workbench.js';

const NAME = 'e2e-new-config';

function findFile(dir: string, prefix: string): string | undefined {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) {
      const f = findFile(p, prefix);
      if (f) return f;
    } else if (e.name.startsWith(prefix)) return p;
  }
  return undefined;
}

describe('New Config...', () => {
  const wb = useWorkbench('new-config');

  it('creates a config through its quick picks and opens it', async () => {
    const { page } = wb;
    await runCommand(page, 'Fine-tune Embeddings: New Config...');
    const steps: string[] = [];
    // Task, base model, dataset: take the first offer of each pick; then name the file.
    for (let step = 0; step < 8; step++) {
      const shown = await waitUntil(
        'the next step of the wizard (a pick, an input, or the opened config)',
        async () => {
          if (await quickInput(page).isVisible()) {
            // One snapshot of the quick input: a pick (list shown, rows rendered) or an input box.
            const snap = await quickInput(page).evaluate((el) => {
              const input = el.querySelector<HTMLInputElement>('.quick-input-box input');
              const list = el.querySelector<HTMLElement>('.quick-input-list');
              const isList = !!list && list.offsetParent !== null && getComputedStyle(list).display !== 'none';
              const row = [...el.querySelectorAll<HTMLElement>('.quick-input-list .monaco-list-row')].find((r) => r.offsetParent !== null);
              const title = el.querySelector<HTMLElement>('.quick-input-title')?.innerText ?? '';
              const value = input?.value ?? '';
              return { isList, ready: !value.startsWith('>') && (!isList || !!row), key: [isList ? 'pick' : 'input', title, input?.placeholder ?? '', row?.getAttribute('aria-label') ?? ''].join('|') };
            });
            if (!snap.ready) return undefined;
            const key = snap.key;
            if (steps.at(-1) !== key) return key;
          }
          const tab = await activeTabLabel(page);
          return tab && tab.startsWith(NAME) ? 'opened' : undefined;
        },
        20_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; wizard steps so far: ${JSON.stringify(steps)}`);
      });
      if (shown === 'opened') break;
      steps.push(shown);
      if (shown.startsWith('pick|')) {
        await page.keyboard.press('Enter');
      } else {
        // The file-name input: replace whatever it proposes.
        await page.keyboard.press('Control+A');
        await page.keyboard.type(`${NAME}.finetune.yaml`);
        await page.keyboard.press('Enter');
      }
    }
    expect(steps.length, `wizard steps seen: ${JSON.stringify(steps)}`).toBeGreaterThanOrEqual(4);
    await waitUntil('the new config tab', async () => (await activeTabLabel(page))?.startsWith(NAME), 15_000);
    const file = await waitUntil('the new config on disk', async () => findFile(wb.workspace, NAME), 10_000);
    expect(file).toMatch(/\.finetune\.ya?ml$/);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^task:/m);
  });
});
