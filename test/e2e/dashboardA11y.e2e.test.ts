import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { COMPLETED_ID, writeCompletedRun } from './fixtures/runStore.js';
import { useWorkbench } from './harness/fixture.js';
import { openRunFromPalette, panelFrame, setColorTheme } from './harness/panel.js';
import { waitUntil } from './harness/workbench.js';

/** axe-core's browser build (pinned devDependency), injected into the webview frame over the debugging protocol (the panel's CSP would refuse a script tag). */
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary: string }[] }

/** Serious and critical WCAG 2 A/AA violations in the frame's document (contrast included). */
async function axeViolations(frame: Frame): Promise<Violation[]> {
  if (!(await frame.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object'))) await frame.evaluate(`${AXE}\n;true`);
  const result = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 20).map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const describeViolations = (vs: Violation[]) => vs.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`).join('\n');

/**
 * The dashboard of a completed run in the real VS Code, checked with axe-core in a light and a
 * dark theme: no serious or critical violation, colour contrast included. Its headline says the
 * primary metric base → fine-tuned.
 */
describe('dashboard accessibility (axe-core)', () => {
  const wb = useWorkbench('dashboard-a11y', {
    prepare: (ws) => {
      writeCompletedRun(ws);
      // Light+ is the light theme with the faintest status colours: the one to check.
      fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'Default Light+' }, null, 2));
    },
  });

  it('a completed run: headline base → fine-tuned, and no serious axe violation in Light+ and Dark Modern', async () => {
    const { page } = wb;
    await openRunFromPalette(page, COMPLETED_ID);
    let frame = await panelFrame(page, 'dashboard');
    expect(await frame.locator('body').evaluate((b) => b.classList.contains('vscode-light'))).toBe(true);
    expect(await frame.locator('#headline-title').innerText()).toMatch(/ap 0\.821 → 0\.873/);
    expect(await frame.locator('#headline-change').innerText()).toMatch(/\+0\.052 \(95% CI \+0\.021 to \+0\.083\), better/);
    // Above the fold, with the table collapsed: the headline, the primary chart and Try it start within the first screen.
    const tops: Record<string, number> = await frame.evaluate(() => ({
      screen: window.innerHeight,
      ...Object.fromEntries(['headline', 'charts-primary', 'try-it'].map((id) => [id, document.getElementById(id)!.getBoundingClientRect().top])),
    }));
    for (const id of ['headline', 'charts-primary', 'try-it']) expect(tops[id], `${id} top in ${JSON.stringify(tops)}`).toBeLessThan(tops['screen']!);
    await wb.capture('dashboard-first-screen');
    // Every row of the table and every colour the page uses, in view of the checker.
    await frame.locator('#summary-more').click();
    await frame.locator('#summary-table tr.secondary:not([hidden])').first().waitFor({ timeout: 5_000 });
    const light = await axeViolations(frame);
    await wb.capture('dashboard-light-plus');
    expect(light, describeViolations(light)).toEqual([]);

    await setColorTheme(page, 'Default Dark Modern');
    frame = await panelFrame(page, 'dashboard');
    await waitUntil('the panel to take the dark theme', () => frame.locator('body').evaluate((b) => b.classList.contains('vscode-dark')), 10_000);
    if (await frame.locator('#summary-more[aria-expanded="false"]').count()) await frame.locator('#summary-more').click();
    const dark = await axeViolations(frame);
    await wb.capture('dashboard-dark-modern');
    expect(dark, describeViolations(dark)).toEqual([]);
  });
});
