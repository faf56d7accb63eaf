import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { Diagnostic } from '../../core/config/diagnostic';
import { PythonToolError } from '../../core/pyenv/runPythonTool';
import type { DataCheck, WizardDraft } from '../../protocol/models';
import { checkConfigData } from '../doctor/dataCheckRunner';
import { blockedCheck, dataCheckKey, doctorCheck } from './dataCheckModel';

const AUTO_DELAY_MS = 1200;

export interface BuiltConfig {
  text: string;
  fileName: string;
  targetPath: string | null;
  diagnostics: Diagnostic[];
}

/**
 * The wizard's "Data check": the data doctor on the config the draft would write. Runs when
 * asked, and by itself after a local file's mapping settles (never for Hub datasets, which it
 * would download). A newer run cancels the older one; the last result gates "Create and launch".
 */
export class WizardDataCheck {
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last: { key: string; check: DataCheck } | undefined;
  private runningKey: string | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly post: (check: DataCheck) => void) {}

  /** The draft changed: check again soon if it is a local file whose relevant fields changed. */
  changed(draft: WizardDraft, build: () => BuiltConfig): void {
    const key = dataCheckKey(draft);
    if (draft.datasetKind !== 'file' || !draft.path || this.last?.key === key || this.runningKey === key) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(draft, build()), AUTO_DELAY_MS);
  }

  async run(draft: WizardDraft, built: BuiltConfig): Promise<void> {
    clearTimeout(this.timer);
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const key = dataCheckKey(draft);
    this.runningKey = key;
    const done = (check: DataCheck) => {
      if (abort.signal.aborted) return;
      this.last = { key, check };
      this.runningKey = undefined;
      this.post(check);
    };
    if (built.diagnostics.some((d) => d.severity === 'error')) return done(blockedCheck(built.diagnostics));
    this.post({ state: 'running', message: 'Reading the dataset as training will…', findings: [], summary: null });
    // Relative paths in the text are relative to where it will be written.
    const path = built.targetPath ?? join(tmpdir(), built.fileName);
    try {
      done(doctorCheck(await checkConfigData(this.context, path, built.text, abort.signal)));
    } catch (err) {
      const message = err instanceof PythonToolError ? err.message.split('\n')[0]! : String(err);
      done({ state: 'unavailable', message: `The data check could not run: ${message} It needs the training environment (finetune-embeddings env).`, findings: [], summary: null });
    }
  }

  /** Errors the last check found for this very draft; undefined when it was not checked as it is. */
  errorsFor(draft: WizardDraft): number | undefined {
    if (this.last?.key !== dataCheckKey(draft) || this.last.check.state !== 'done') return undefined;
    return this.last.check.findings.filter((f) => f.severity === 'error').length;
  }

  /** The last result again (a panel shown again gets a full snapshot). */
  latest(draft: WizardDraft | null): DataCheck | undefined {
    return draft && this.last?.key === dataCheckKey(draft) ? this.last.check : undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.abort?.abort();
  }
}
