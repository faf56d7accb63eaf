import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/fixture.js';
import { openWizard } from './harness/panel.js';
import { repoRoot } from './harness/paths.js';
import { applyQuickFix, goToLine, openFile, openQuickFix, quickInput, save, waitForProblems, waitUntil } from './harness/workbench.js';

// The data doctor in the real editor and panel, running gpu-templates/doctor.py in the training
// environment (found like the CLI finds it). A corpus case is copied into the workspace: yes/no
// labels where duplicate-classification needs 0/1.
const CORPUS = path.join(repoRoot, 'test/fixtures/data/doctor');
const CONFIG = 'doctor/label-words.finetune.yaml';
const WORDS = /holds words: "no", "yes"/;
const CHECK_MS = 150_000; // Python, datasets and a tokenizer start on a shared, busy machine

function prepare(ws: string): void {
  const dir = path.join(ws, 'doctor');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.copyFileSync(path.join(CORPUS, 'label-words.finetune.yaml'), path.join(ws, CONFIG));
  fs.copyFileSync(path.join(CORPUS, 'data/label-words.csv'), path.join(dir, 'data/label-words.csv'));
  fs.cpSync(path.join(CORPUS, 'tiny-model'), path.join(dir, 'tiny-model'), { recursive: true });
  // For the panel: columns named like the roles, so the wizard maps them by itself.
  const rows = fs.readFileSync(path.join(CORPUS, 'data/label-words.csv'), 'utf8').split('\n');
  fs.writeFileSync(path.join(ws, 'pairs.csv'), ['text1,text2,label', ...rows.slice(1)].join('\n'));
}

describe('the data check', () => {
  const wb = useWorkbench('data-check', { prepare });

  it('editor: the finding shows on the label column, and its Quick Fix clears it', async () => {
    const { page } = wb;
    const line = fs.readFileSync(wb.file(CONFIG), 'utf8').split('\n').findIndex((l) => l.startsWith('    label:')) + 1;
    await openFile(page, CONFIG);
    const problems = await waitForProblems(page, (p) => p.some((d) => d.severity === 'error' && WORDS.test(d.message)), 'the label-strings error', CHECK_MS);
    expect(problems.find((d) => WORDS.test(d.message))?.line).toBe(line);

    await goToLine(page, line, 6);
    const fixes = await openQuickFix(page);
    expect(fixes.join('\n')).toMatch(/Map "yes" to 1 and "no" to 0/);
    await applyQuickFix(page, /Map "yes" to 1/);
    await save(page);
    await waitUntil('label_map on disk', async () => /label_map: \{ "yes": 1, "no": 0 \}/.test(fs.readFileSync(wb.file(CONFIG), 'utf8')), 10_000);
    // Saving runs the check again, on the fixed config: no error is left for it.
    await waitForProblems(page, (p) => !p.some((d) => WORDS.test(d.message)) && !p.some((d) => d.file.includes('label-words') && d.severity === 'error'), 'the error to clear', CHECK_MS);
  }, 400_000);

  it('panel: the Data check lists the finding for a chosen file, and applying its fix clears it', async () => {
    const { page } = wb;
    const frame = await openWizard(page);
    await frame.locator('#task-duplicate-classification').click();
    await frame.locator('#dataset-kind-file').click();
    await frame.locator('#dataset-pick').click();
    // code-server's file dialog is a quick input: type the path, Enter.
    const input = quickInput(page).locator('input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // Set the whole path at once (typing lets the dialog's completion splice in folder names),
    // then pick the file from the folder the dialog now lists.
    await input.fill(wb.file('pairs.csv'));
    await quickInput(page).locator('.monaco-list-row', { hasText: 'pairs.csv' }).first().click({ timeout: 15_000 });
    await waitUntil('the dialog to close', async () => {
      if (!(await input.isVisible())) return true;
      await quickInput(page).getByRole('button', { name: 'Use this dataset' }).click({ timeout: 2_000 }).catch(() => undefined);
      return false;
    }, 20_000, 500);
    const finding = frame.locator('#data-check-findings li[data-code="label-strings"][data-severity="error"]');
    await finding.waitFor({ timeout: CHECK_MS });
    expect(await finding.innerText()).toMatch(WORDS);
    await frame.locator('#data-check-findings .fix[data-code="label-strings"]').click();
    // The fix goes into the draft (and its config), and the check of that draft finds no error.
    await waitUntil('a passing check of the fixed draft', async () =>
      (await frame.locator('#data-check-status').getAttribute('data-state')) === 'done'
      && (await frame.locator('#data-check-findings li[data-severity="error"]').count()) === 0
      && (await frame.locator('#config-preview').innerText()).includes('label_map: { "yes": 1, "no": 0 }'), CHECK_MS, 500);
  }, 400_000);
});
