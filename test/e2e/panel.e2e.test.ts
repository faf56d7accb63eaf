import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventOf, RunEvent } from '../../src/core/events/protocol';
import { useWorkbench } from './harness/fixture.js';
import { chartData, openRunFromPalette, openWizard, panelFrame, pickDatasetFile, series } from './harness/panel.js';
import { repoRoot } from './harness/paths.js';
import { QUIET_WINDOW_MS, readProblems, runCommand, waitForWorkbench, waitUntil } from './harness/workbench.js';
import { COMPLETED_ID, PRIMARY, writeCompletedRun } from './fixtures/runStore.js';

const NEW_CONFIG = 'duplicate-classification.finetune.yaml';

/** The metric key as the dashboard names its small chart (webview-ui/format.ts slug). */
const chartId = (key: string) => `chart-metric-${key.replace(/^eval_[^_]+(?:_\d+)?_/, '').replace(/[^\w-]+/g, '-')}`;
const num = (s: string) => Number(s.replace('−', '-').replace('+', ''));

describe('the Fine-tune Embeddings panel', () => {
  let events: RunEvent[] = [];
  const wb = useWorkbench('panel', {
    prepare: (ws) => {
      events = writeCompletedRun(ws);
      // The quickstart's data beside the workspace root too: code-server's file dialog picks a root file reliably.
      fs.copyFileSync(path.join(ws, 'data', 'quickstart-runbooks.jsonl'), path.join(ws, 'quickstart-runbooks.jsonl'));
    },
  });

  it('wizard: duplicate-classification recommends OnlineContrastiveLoss + BinaryClassificationEvaluator and creates a clean config', async () => {
    const { page } = wb;
    const frame = await openWizard(page);
    // Choose another task first, so the pairing shown is the one the click chose.
    await frame.locator('#task-semantic-similarity').click();
    await frame.locator('#pairing[data-task="semantic-similarity"]').waitFor();
    await frame.locator('#task-duplicate-classification').click();
    await frame.locator('#pairing[data-task="duplicate-classification"]').waitFor();
    expect(await frame.locator('#task-duplicate-classification').getAttribute('aria-checked')).toBe('true');
    expect((await frame.locator('#pairing-loss .name').innerText()).trim()).toBe('OnlineContrastiveLoss');
    expect((await frame.locator('#pairing-evaluator .name').innerText()).trim()).toBe('BinaryClassificationEvaluator');
    // The host's preview of the draft validates clean before we create it.
    await frame.locator('#config-diagnostics[data-errors="0"]').waitFor({ timeout: 10_000 });

    await frame.locator('#create-config').click();
    await frame.locator('#wizard-result.ok').waitFor({ timeout: 15_000 });
    const file = wb.file(NEW_CONFIG);
    expect(fs.existsSync(file), `${file} was written next to the workspace root`).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^task: duplicate-classification$/m);
    expect(text).toMatch(/^loss: OnlineContrastiveLoss$/m);
    expect(text).toMatch(/^evaluator: BinaryClassificationEvaluator$/m);
    // Opened beside the panel: the active tab of the other editor group.
    await page.locator('.tabs-container .tab.active', { hasText: NEW_CONFIG }).first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.editor-group-container').count()).toBeGreaterThanOrEqual(2);

    // It validates clean: the CLI's engine says so, and the Problems panel stays empty for it.
    const cli = JSON.parse(execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'validate', file, '--json'], { cwd: wb.workspace, encoding: 'utf8' })) as { diagnostics: unknown[] };
    expect(cli.diagnostics).toEqual([]);
    const end = Date.now() + QUIET_WINDOW_MS;
    while (Date.now() < end) {
      const mine = (await readProblems(page)).filter((p) => p.file.startsWith('duplicate-classification'));
      expect(mine, 'problems for the new config').toEqual([]);
      await page.waitForTimeout(250);
    }
  });

  it('wizard: the quickstart file maps question → anchor and runbook → positive by itself, and each dropdown shows what its error says', async () => {
    const { page } = wb;
    const frame = await openWizard(page);
    await frame.locator('#task-information-retrieval').click();
    await frame.locator('#pairing[data-task="information-retrieval"]').waitFor();
    await pickDatasetFile(page, frame, wb.file('quickstart-runbooks.jsonl'));

    const face = (role: string) => frame.locator(`#column-${role} .select-face .text`);
    const issues = () => frame.locator('#column-issues li').allInnerTexts();
    await waitUntil('the guessed columns', async () => ((await face('anchor').innerText()) === 'question' && (await face('positive').innerText()) === 'runbook' ? true : undefined), 15_000);
    expect(await face('negative').innerText()).toBe('(none)');
    expect(await frame.locator('#column-anchor-guess').innerText()).toContain('guessed from the column name');
    expect(await frame.locator('#column-positive-guess').innerText()).toContain('guessed');
    await waitUntil('the host preview of the mapped draft', async () => ((await frame.locator('#config-preview').innerText()).includes('anchor: question') ? true : undefined), 10_000);
    expect(await issues()).toEqual([]);
    // One row count, with what it counts: the file's rows and training's split of them.
    expect(await frame.locator('#dataset-file').innerText()).toContain('960 rows in the file.');
    await waitUntil('the split in the estimate', async () => ((await frame.locator('#estimate').innerText()).includes('960 rows: 777 train, 87 validation, 96 test') ? true : undefined), 10_000);

    // Unmap the positive: the dropdown says so and the error appears; map it again: both clear.
    // With the keyboard, as a user would (the list can open below the webview's visible edge).
    const choose = async (role: string, label: string) => {
      await frame.locator(`#column-${role} .select-face`).click();
      const options = frame.locator(`#column-${role} li.option`);
      const labels = (await options.allInnerTexts()).map((t) => t.trim());
      const from = Number(await frame.locator(`#column-${role} li.option[aria-selected="true"]`).getAttribute('data-index'));
      const to = labels.indexOf(label);
      expect(to, `${label} in ${JSON.stringify(labels)}`).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < Math.abs(to - from); i++) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
      await page.keyboard.press('Enter');
    };
    await choose('positive', 'Choose a column…');
    await waitUntil('the positive error', async () => ((await issues()).some((t) => t.includes('Choose the column that holds the positive')) ? true : undefined), 10_000);
    expect(await face('positive').innerText()).toBe('Choose a column…');
    expect(await frame.locator('#column-positive-guess').count()).toBe(0); // the user's choice now, no longer a guess
    await choose('positive', 'runbook');
    await waitUntil('the error to clear', async () => ((await issues()).length === 0 ? true : undefined), 10_000);
    expect(await face('positive').innerText()).toBe('runbook');
  });

  it('dashboard of a recorded run: the charts hold the fixture points and the summary matches its events', async () => {
    const { page } = wb;
    await openRunFromPalette(page, COMPLETED_ID);
    const frame = await panelFrame(page, 'dashboard');
    const data = await chartData(frame);

    const logs = events.filter((e): e is EventOf<'train_log'> => e.type === 'train_log');
    const evals = events.filter((e): e is EventOf<'eval'> => e.type === 'eval');
    const baseline = events.find((e): e is EventOf<'baseline'> => e.type === 'baseline')!;
    const completed = events.find((e): e is EventOf<'completed'> => e.type === 'completed')!;
    expect(logs.length).toBeGreaterThan(3);

    expect(series(data, 'chart-loss', 'loss')).toEqual(logs.map((e) => [e.step, e.loss]));
    expect(series(data, 'chart-loss', 'loss (smoothed)').map(([x]) => x)).toEqual(logs.map((e) => e.step));
    expect(series(data, 'chart-lr', 'learning rate')).toEqual(logs.map((e) => [e.step, e.learning_rate]));
    // The primary metric starts at the baseline (step 0), then one point per evaluation.
    const primaryLabel = PRIMARY.replace(/^eval_dev_/, '');
    expect(series(data, 'chart-primary', primaryLabel)).toEqual([[0, baseline.metrics[PRIMARY]], ...evals.map((e) => [e.step, e.metrics[PRIMARY]])]);
    const dashed = series(data, 'chart-primary', 'baseline');
    expect(dashed.length).toBeGreaterThanOrEqual(2);
    expect(dashed.every(([, y]) => y === baseline.metrics[PRIMARY])).toBe(true);
    expect(dashed[0]![0]).toBe(0);
    // One small multiple per other metric (thresholds are not charted).
    for (const key of Object.keys(baseline.metrics).filter((k) => k !== PRIMARY && !k.endsWith('_threshold'))) {
      const label = key.replace(/^eval_dev_/, '');
      expect(series(data, chartId(key), label), key).toEqual([[0, baseline.metrics[key]], ...evals.filter((e) => key in e.metrics).map((e) => [e.step, e.metrics[key]])]);
    }

    // The summary table: baseline -> fine-tuned as the events say.
    const rows = await frame.locator('#summary-table tr[data-metric]').evaluateAll((trs) =>
      trs.map((tr) => ({
        key: tr.getAttribute('data-metric')!,
        baseline: tr.querySelector('td[data-col="baseline"]')!.textContent!,
        final: tr.querySelector('td[data-col="final"]')!.textContent!,
        delta: tr.querySelector('td[data-col="delta"]')!.textContent!,
      })),
    );
    expect(rows.map((r) => r.key).sort()).toEqual(Object.keys(completed.final_metrics).sort());
    for (const r of rows) {
      expect(num(r.baseline), `${r.key} baseline`).toBeCloseTo(completed.baseline_metrics[r.key]!, 4);
      expect(num(r.baseline), `${r.key} baseline event`).toBeCloseTo(baseline.metrics[r.key]!, 4);
      expect(num(r.final), `${r.key} final`).toBeCloseTo(completed.final_metrics[r.key]!, 4);
      expect(num(r.delta), `${r.key} delta`).toBeCloseTo(completed.deltas[r.key]!, 4);
    }
  });

  it('a window reload brings the dashboard back, with the same points', async () => {
    const { page } = wb;
    await openRunFromPalette(page, COMPLETED_ID);
    const before = series(await chartData(await panelFrame(page, 'dashboard')), 'chart-loss', 'loss');
    expect(before.length).toBeGreaterThan(3);
    await runCommand(page, 'Developer: Reload Window');
    await waitForWorkbench(page);
    // Restored by the panel serializer from the run id the webview kept: the data comes from the store again.
    const after = series(await chartData(await panelFrame(page, 'dashboard', 60_000)), 'chart-loss', 'loss');
    expect(after).toEqual(before);
  });
});
