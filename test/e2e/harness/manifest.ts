import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { repoRoot } from './paths.js';

export const CATEGORY = 'Fine-tune Embeddings';

export interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

interface Manifest {
  contributes?: {
    commands?: ContributedCommand[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
    viewsWelcome?: { view: string; contents: string; when?: string }[];
  };
}

/**
 * The manifest of the extension under test, read at test time: the copy code-server
 * installed from the .vsix (so a package.json edited after packing cannot skew the
 * cases), else FTE_MANIFEST, else the repository's package.json.
 */
export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(manifestPath(), 'utf8')) as Manifest;
}

function manifestPath(): string {
  if (process.env.FTE_MANIFEST) return process.env.FTE_MANIFEST;
  const extensionsDir = inject('extensionsDir');
  if (extensionsDir && fs.existsSync(extensionsDir)) {
    const installed = fs
      .readdirSync(extensionsDir)
      .filter((d) => d.startsWith('finetune-embeddings.finetune-embeddings-'))
      .map((d) => path.join(extensionsDir, d, 'package.json'))
      .filter((p) => fs.existsSync(p));
    if (installed[0]) return installed[0];
  }
  return path.join(repoRoot, 'package.json');
}

/** Commands a user can reach from the palette (not hidden by `commandPalette` when=false). */
export function paletteCommands(m = readManifest()): ContributedCommand[] {
  const hidden = new Set(
    (m.contributes?.menus?.commandPalette ?? []).filter((e) => e.when?.trim() === 'false').map((e) => e.command),
  );
  return (m.contributes?.commands ?? []).filter((c) => !hidden.has(c.command));
}

/** The palette label VS Code shows: "Category: Title". */
export function paletteLabel(c: ContributedCommand): string {
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

/** Visible text of a viewsWelcome entry: markdown links reduced to their text. */
export function welcomeText(contents: string): string[] {
  return contents
    .split('\n')
    .map((l) => l.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim())
    .filter(Boolean);
}
