import { summarize } from '../core/events/reducer';
import { runModel } from '../core/model/runModel';
import type { RunModel } from '../core/model/runModel';
import { whyNotLocal } from '../core/model/runModel';
import { PythonToolError } from '../core/pyenv/runPythonTool';
import { RunStore } from '../core/runs/runStore';
import { cliModalConnection, localPython } from './backends';
import { findRun } from './inputs';
import type { Io } from './io';

/** The run a user named and where its model is; on failure says why, and returns undefined. */
export function findRunModel(command: string, idArg: string | undefined, io: Io): { store: RunStore; model: RunModel } | undefined {
  const store = new RunStore(process.cwd());
  const meta = findRun(command, store, idArg, io);
  if (!meta) return undefined;
  return { store, model: runModel(store, meta, summarize(store.readEvents(meta.id))) };
}

/** The model folder on this machine, or undefined after saying why there is none. */
export function localModelOf(command: string, model: RunModel, io: Io): string | undefined {
  const why = whyNotLocal(model, cliModalConnection().volumeName);
  if (why) io.err(`${command}: ${why}`);
  return why ? undefined : model.localPath!;
}

/** The tools' "[fte] ..." progress lines go to stderr; library noise is dropped. */
export function progressTo(io: Io): (line: string) => void {
  return (line) => {
    if (line.startsWith('[fte] ')) io.err(line);
  };
}

export interface LocalRunModel {
  store: RunStore;
  model: RunModel;
  modelPath: string;
  python: string;
}

/**
 * The frame of a command that runs a template tool on a run's model (try, export): finds the run
 * and its model on this machine, and turns a tool's failure into one line; returns the exit code.
 */
export async function withLocalModel(command: string, idArg: string | undefined, io: Io, body: (run: LocalRunModel) => Promise<number>): Promise<number> {
  const found = findRunModel(command, idArg, io);
  if (!found) return 2;
  const modelPath = localModelOf(command, found.model, io);
  if (!modelPath) return 1;
  try {
    return await body({ ...found, modelPath, python: await localPython() });
  } catch (err) {
    if (!(err instanceof PythonToolError)) throw err;
    io.err(`${command}: ${err.message}`);
    return 1;
  }
}
