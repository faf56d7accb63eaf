export declare const NODE_VERSION: string;
export declare const CODE_SERVER_VERSION: string;
export declare const repoRoot: string;
export interface ToolPaths {
  cacheDir: string;
  nodeDir: string;
  node: string;
  codeServerDir: string;
  codeServerEntry: string;
  chromium: string;
  stamp: string;
  log: string;
}
export interface ProvisionedTools extends ToolPaths {
  playwrightCore: string;
}
export declare class ProvisionError extends Error {}
export declare function cacheDir(): string;
export declare function toolPaths(base?: string): ToolPaths;
export declare function provision(options?: { force?: boolean; quiet?: boolean }): ProvisionedTools;
export declare function provisionNode(options?: { quiet?: boolean }): string;
export declare function nestedNpmEnv(baseEnv: NodeJS.ProcessEnv, nodeDir: string, npmCache: string): NodeJS.ProcessEnv;
export declare function isolatedNpmInstall(o: { cwd: string; spec: string; nodeDir: string; npmCache: string; logFile: string; baseEnv?: NodeJS.ProcessEnv }): boolean;
