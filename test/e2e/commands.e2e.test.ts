import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/fixture.js';
import { CATEGORY, paletteCommands, paletteLabel, readManifest } from './harness/manifest.js';
import { openFile, runCommandAndWatch } from './harness/workbench.js';

const commands = paletteCommands();

describe('contributed commands', () => {
  const wb = useWorkbench('commands');

  it('the manifest contributes commands, all under the category', () => {
    const all = readManifest().contributes?.commands ?? [];
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((c) => c.category !== CATEGORY).map((c) => c.command)).toEqual([]);
    expect(all.filter((c) => !c.command.startsWith('finetuneEmbeddings.')).map((c) => c.command)).toEqual([]);
  });

  it('an example config is open, so editor-scoped commands have their context', async () => {
    await openFile(wb.page, 'quora-duplicates.finetune.yaml');
  });

  for (const c of commands) {
    it(`"${paletteLabel(c)}" shows in the palette and runs without an error notification`, async () => {
      const outcome = await runCommandAndWatch(wb.page, paletteLabel(c));
      expect(outcome.errors, `${c.command} raised errors`).toEqual([]);
    });
  }
});
