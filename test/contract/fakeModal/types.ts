/** Options and records of the fake Modal control plane (test-only). */

export interface FakeModalOptions {
  /** The only token pair the fake accepts. Default: ak-test / as-test. */
  tokenId?: string;
  tokenSecret?: string;
  /** Named secrets that exist in the workspace: name -> env vars. */
  secrets?: Record<string, Record<string, string>>;
  /** Apps and volumes that already exist (others need createIfMissing). */
  apps?: string[];
  volumes?: string[];
  /** How long an image build "runs" while ImageJoinStreaming streams its logs. Default 300. */
  imageBuildMs?: number;
  /** Delay before a sandbox gets a task id (SandboxGetTaskId is polled meanwhile). Default 200. */
  scheduleDelayMs?: number;
  /** End every SandboxGetLogs stream after this many ms (without eof), forcing a resume. */
  logStreamMaxMs?: number;
  /** Fail the first stdout stream of each sandbox after this many ms with `logStreamFailCode`. */
  logStreamFailAfterMs?: number;
  /** Status code of that failure. Default FAILED_PRECONDITION (9), which the SDK does not retry. */
  logStreamFailCode?: number;
  /** Split each stdout/stderr chunk into pieces of at most this many characters (one log entry each). */
  logChunkChars?: number;
  /** Local executables to use for container commands, e.g. { python: 'python3' } (the default). */
  commandAliases?: Record<string, string>;
  /** Directory for volumes and sandbox working dirs. Default: a fresh temp dir. */
  rootDir?: string;
  /** Path of modal_api.proto (defaults to the file beside this module). */
  protoPath?: string;
}

/** Faults a test can switch on and off while the fake runs (see FakeModal.faults). */
export interface FakeFaults {
  /** Cut every SandboxGetLogs stream (both fds) after this many ms with `logStreamDropCode`. */
  logStreamDropEveryMs?: number;
  /** Status code of those cuts. Default FAILED_PRECONDITION (9): the SDK does not retry it, so each cut reaches the caller. */
  logStreamDropCode?: number;
  /** Hold each SandboxStdinWrite this long before answering (a slow upload). */
  stdinWriteDelayMs?: number;
}

export interface RecordedCall {
  /** RPC name, e.g. "SandboxCreate". */
  method: string;
  /** The decoded request (camelCase fields; raw bytes as base64 for unimplemented RPCs). */
  request: Record<string, unknown>;
  /** Status code sent back, 0 for OK (streams: 0 when accepted). */
  code: number;
  at: number;
}

/** gRPC status codes used by the fake (same numbers as grpc-js / nice-grpc). */
export const Code = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export class FakeGrpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** GenericResult.status values. */
export const GenericStatus = { SUCCESS: 1, FAILURE: 2, TERMINATED: 3, TIMEOUT: 4 } as const;

export interface GenericResultMsg {
  status: number;
  exception?: string;
  exitcode?: number;
}

let counter = 0;
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Modal-shaped object id: prefix + '-' + 22 letters/digits (what the SDK's V1 check wants). */
export function newId(prefix: string): string {
  counter += 1;
  let s = '';
  for (let i = 0; i < 22 - 6; i++) s += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return `${prefix}-${s}${String(counter).padStart(6, '0')}`;
}
