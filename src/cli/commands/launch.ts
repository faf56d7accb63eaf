import { existsSync } from 'node:fs';
import { LaunchBlockedError } from '../../core/runs/launchRun';
import { LaunchCancelledError } from '../../core/backends/jobBackend';
import { launchAny } from '../../core/sweeps/launchAny';
import { RunStore } from '../../core/runs/runStore';
import { configSchema } from '../../core/config/schema';
import { validateConfig } from '../../core/config/validate';
import { cliBackend, TEMPLATE_DIR } from '../backends';
import { formatDiagnostic } from '../format';
import type { Io } from '../io';
import { readUserFile } from '../inputs';
import { printRunUpdate } from '../runUpdates';
import { shellCommand } from '../../core/shell/shellQuote';
import { modelOptions, remoteCodeWarning } from '../../core/job/jobModel';
import { modelIdOf } from '../../core/config/modelRef';

/** `launch FILE [--backend modal|local] [--detach]`: exit 0 only when the run completed. */
export async function launchCommand(file: string | undefined, backendArg: string | undefined, detach: boolean, io: Io, allowRemoteCode = false): Promise<number> {
  if (!file) {
    io.err('launch: name a config file, e.g. finetune-embeddings launch examples/quora-duplicates.finetune.yaml');
    return 2;
  }
  if (backendArg !== undefined && backendArg !== 'modal' && backendArg !== 'local') {
    io.err(`launch: --backend must be modal or local, not "${backendArg}".`);
    return 2;
  }
  const input = readUserFile(file, io);
  if (!input) return 2;
  const { path: configPath, text: configText } = input;
  const parsed = configSchema.safeParse(validateConfig(configText).value);
  const kind = (backendArg ?? (parsed.success ? parsed.data.compute?.backend : undefined) ?? 'modal') as 'modal' | 'local';
  const remote = parsed.success ? remoteCodeWarning(modelIdOf(parsed.data.model) ?? '', modelOptions(parsed.data.model), kind) : null;
  if (remote && !allowRemoteCode) {
    io.err(`launch: ${remote}`);
    io.err('launch: add --allow-remote-code to run it.');
    return 2;
  }
  const store = new RunStore(process.cwd());
  try {
    const run = await launchAny({
      store, configPath, configText, templateDir: TEMPLATE_DIR, fileExists: existsSync, backendOverride: kind,
      backend: await cliBackend(kind, store),
      listener: (u) => printRunUpdate('launch', io, u, { logLines: false }),
    });
    const what = run.meta.kind === 'sweep' ? 'Sweep' : 'Run';
    io.out(`${what} ${run.meta.id} (${kind}${run.meta.gpu ? `, ${run.meta.gpu}` : ''}) started: ${[...run.handles.values()].map((h) => h.ref).join(', ')}`);
    if (detach) {
      for (const h of run.handles.values()) h.detach();
      io.out(`Detached. Follow it with: ${shellCommand('finetune-embeddings', 'logs', run.meta.id, '--follow')}; stop it with: ${shellCommand('finetune-embeddings', 'cancel', run.meta.id)}`);
      return 0;
    }
    const stop = () => {
      io.err('\nStopping the run (Ctrl-C again to leave it running)…');
      process.once('SIGINT', () => process.exit(130));
      void Promise.all([...run.handles.values()].map((h) => h.cancel()));
    };
    process.once('SIGINT', stop);
    const meta = await run.done;
    process.off('SIGINT', stop);
    io.out(`${what} ${meta.id} ${meta.state.replace('_', ' ')}${meta.message ? `: ${meta.message}` : ''}`);
    return meta.state === 'completed' ? 0 : 1;
  } catch (err) {
    if (err instanceof LaunchCancelledError) {
      io.out(`launch: ${err.message}`);
      return 1;
    }
    if (err instanceof LaunchBlockedError) {
      for (const d of err.diagnostics) io.err(formatDiagnostic(file, d));
      io.err(`launch: ${err.message}`);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`launch: ${message}`);
    // "Sign in to Modal" is an editor command; say what the terminal equivalent is.
    if (err instanceof Error && err.name === 'ModalAuthError' && !message.includes('MODAL_TOKEN_ID')) {
      io.err('In a terminal: set MODAL_TOKEN_ID and MODAL_TOKEN_SECRET, or run `modal token new` to write ~/.modal.toml.');
    }
    return 1;
  }
}
