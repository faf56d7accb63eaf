import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/fixture.js';
import { dismissAll, openFile, replaceLine, triggerSuggest } from './harness/workbench.js';

const CONFIG = 'quora-duplicates.finetune.yaml';

describe('completions', () => {
  const wb = useWorkbench('completion');

  it('at loss: in a duplicate-classification config, offer only the losses that fit', async () => {
    const { page } = wb;
    const text = fs.readFileSync(wb.file(CONFIG), 'utf8');
    expect(text).toMatch(/^task:\s*duplicate-classification/m);
    const line = text.split('\n').findIndex((l) => /^loss:/.test(l)) + 1;
    await openFile(page, CONFIG);
    await replaceLine(page, line, 'loss: ');
    const labels = await triggerSuggest(page);
    expect(labels).toContain('OnlineContrastiveLoss');
    expect(labels).toContain('ContrastiveLoss');
    expect(labels).not.toContain('MultipleNegativesRankingLoss');
    await dismissAll(page);
  });
});
