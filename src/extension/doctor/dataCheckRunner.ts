import { existsSync } from 'node:fs';
import type * as vscode from 'vscode';
import type { DoctorOutcome } from '../../core/doctor/runDoctor';
import { runDoctor } from '../../core/doctor/runDoctor';
import { templateDir } from '../launch/backends';
import { localPython } from '../launch/localPython';

/**
 * Runs the doctor on one config's text (saved or not) with the interpreter local runs use (it
 * never builds an environment: a check must not start an install); PythonToolError when it cannot run.
 */
export async function checkConfigData(context: vscode.ExtensionContext, path: string, text: string, signal?: AbortSignal, onLine?: (line: string) => void): Promise<DoctorOutcome> {
  const [outcome] = await runDoctor([{ path, text }], {
    python: await localPython(context), templateDir: templateDir(context), validate: { fileExists: existsSync }, signal, ...(onLine ? { onLine } : {}),
  });
  return outcome!;
}
