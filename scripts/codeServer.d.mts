import type { ChildProcess } from 'node:child_process';
import type { ToolPaths } from './provision.mjs';

export declare const DEFAULT_SETTINGS: Record<string, unknown>;
export declare function freePort(): Promise<number>;
export interface StartOptions {
  tools: ToolPaths;
  sessionDir: string;
  workspace: string;
  vsixes?: string[];
  logFile?: string;
  settings?: Record<string, unknown>;
  port?: number;
  onOutput?: (chunk: string) => void;
  /** Keep VS Code's workspace trust on: folders open in Restricted Mode until trusted. */
  workspaceTrust?: boolean;
}
export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  logFile: string;
  userDataDir: string;
  extensionsDir: string;
  sessionDir: string;
  folderUrl(folder: string): string;
  stop(): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export declare function startCodeServer(options: StartOptions): Promise<CodeServer>;
