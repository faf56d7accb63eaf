import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/fixture.js';
import { readManifest, welcomeText } from './harness/manifest.js';
import { openActivity } from './harness/workbench.js';

describe('activity bar and run explorer', () => {
  const wb = useWorkbench('views');

  it('the manifest contributes the container and the runs view', () => {
    const c = readManifest().contributes ?? {};
    expect(c.viewsContainers?.activitybar?.map((v) => v.id)).toContain('finetuneEmbeddings');
    expect(c.views?.finetuneEmbeddings?.map((v) => v.id)).toContain('finetuneEmbeddings.runs');
  });

  it('shows the Fine-tune Embeddings container with the runs view and its welcome content', async () => {
    const { page } = wb;
    const m = readManifest().contributes ?? {};
    const container = m.viewsContainers?.activitybar?.find((v) => v.id === 'finetuneEmbeddings');
    const view = m.views?.finetuneEmbeddings?.find((v) => v.id === 'finetuneEmbeddings.runs');
    expect(container && view).toBeTruthy();
    await openActivity(page, container!.title);
    const sidebar = page.locator('.part.sidebar');
    // With a single view in the container VS Code hides its header, so only require it in the DOM.
    await sidebar.locator(`.pane-header[aria-label^="${view!.name}"]`).first().waitFor({ state: 'attached' });
    const welcome = (m.viewsWelcome ?? []).filter((w) => w.view === 'finetuneEmbeddings.runs');
    expect(welcome.length).toBeGreaterThan(0);
    // The first words of each welcome text (markdown emphasis stripped) must be on screen.
    const firstLines = welcome.map((w) => welcomeText(w.contents)[0]!.replace(/[*_`]/g, '').split(/\s+/).slice(0, 4).join(' '));
    const content = sidebar.locator('.welcome-view-content');
    await content.first().waitFor({ state: 'visible', timeout: 20_000 });
    const shown = (await content.allInnerTexts()).join('\n').replace(/\s+/g, ' ');
    expect(firstLines.some((l) => shown.includes(l)), `welcome content shown: ${shown}`).toBe(true);
  });
});
