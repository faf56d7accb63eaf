/**
 * Creating a ModalClient. `modal` is imported lazily (dynamic import) so that activating the
 * extension never loads the SDK. Credentials: the explicit pair when given, else the SDK's own
 * fallback (MODAL_TOKEN_ID / MODAL_TOKEN_SECRET, then the active ~/.modal.toml profile).
 */
import type * as ModalSdk from 'modal';
import type { ModalClient, ModalClientParams } from 'modal';
import { LineSplitter } from '../../events/lineSplitter';
import { ModalAuthError } from './modalErrors';

export interface ModalCredentials {
  tokenId: string;
  tokenSecret: string;
}

export interface ModalConnection {
  appName: string;
  volumeName: string;
  environment?: string;
  credentials?: ModalCredentials;
  /** Control-plane URL; defaults to MODAL_SERVER_URL / the profile / https://api.modal.com:443. */
  serverUrl?: string;
}

type ModalModule = typeof ModalSdk;
let modalModule: Promise<ModalModule> | undefined;

export function loadModal(): Promise<ModalModule> {
  modalModule ??= import('modal');
  return modalModule;
}

type Middleware = NonNullable<ModalClientParams['grpcMiddleware']>[number];
const IMAGE_JOIN_PATH = '/modal.client.ModalClient/ImageJoinStreaming';
const SANDBOX_CREATE_PATH = '/modal.client.ModalClient/SandboxCreate';

/** Taps on the SDK's calls that the backend needs but the SDK does not surface. */
export interface ClientHooks {
  /** Image build output, as whole lines. */
  onBuildLine?(line: string): void;
  /**
   * A sandbox id, the moment SandboxCreate answers: `sandboxes.create` itself returns only after
   * Modal scheduled the sandbox (it waits up to ~21 minutes for a GPU).
   */
  onSandboxCreated?(sandboxId: string): void;
}

/**
 * The SDK builds images silently; this middleware taps ImageJoinStreaming's task logs (the
 * build output) and hands them on as whole lines.
 */
function buildLogTap(onLine: (line: string) => void): Middleware {
  const splitter = new LineSplitter();
  const tap = async function* (call: any, options: any): AsyncGenerator<unknown, unknown, undefined> { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (call.method.path !== IMAGE_JOIN_PATH || !call.responseStream) return yield* call.next(call.request, options);
    for await (const resp of call.next(call.request, options) as AsyncIterable<{ taskLogs?: Array<{ data?: string }>; result?: { status?: number } }>) {
      for (const log of resp.taskLogs ?? []) for (const line of splitter.push(log.data ?? '')) onLine(line);
      if (resp.result?.status) for (const line of splitter.flush()) onLine(line);
      yield resp;
    }
    return undefined;
  };
  return tap as unknown as Middleware;
}

function sandboxCreateTap(onCreated: (id: string) => void): Middleware {
  const tap = async function* (call: any, options: any): AsyncGenerator<unknown, unknown, undefined> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const resp = (yield* call.next(call.request, options)) as { sandboxId?: string } | undefined;
    if (call.method.path === SANDBOX_CREATE_PATH && resp?.sandboxId) onCreated(resp.sandboxId);
    return resp;
  };
  return tap as unknown as Middleware;
}

/**
 * The SDK reads its server URL and sandbox flavour only from the environment / the profile, in
 * the constructor: we set the variables for the (synchronous) constructor call only.
 */
function withEnv<T>(vars: Record<string, string | undefined>, make: () => T): T {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) process.env[k] = v;
  try {
    return make();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function createModalClient(conn: ModalConnection, hooks: ClientHooks = {}): Promise<ModalClient> {
  const modal = await loadModal();
  const creds = conn.credentials;
  if (creds && (!creds.tokenId || !creds.tokenSecret)) throw new ModalAuthError('missing');
  const params: ModalClientParams = {
    ...(creds ? { tokenId: creds.tokenId, tokenSecret: creds.tokenSecret } : {}),
    ...(conn.environment ? { environment: conn.environment } : {}),
  };
  const middleware = [
    ...(hooks.onBuildLine ? [buildLogTap(hooks.onBuildLine)] : []),
    ...(hooks.onSandboxCreated ? [sandboxCreateTap(hooks.onSandboxCreated)] : []),
  ];
  if (middleware.length) params.grpcMiddleware = middleware;
  let client: ModalClient;
  try {
    // MODAL_SANDBOX_V2=0, always: a sweep's CPU-only coordinator must take the same (V1) sandbox
    // path as the GPU runs (stdin, SandboxGetLogs, raw tunnels); the SDK would take the V2 path
    // for a sandbox without a GPU whenever the user's environment or profile says so.
    client = withEnv({ MODAL_SERVER_URL: conn.serverUrl, MODAL_SANDBOX_V2: '0' }, () => new modal.ModalClient(params));
  } catch (err) {
    throw new ModalAuthError('missing', (err as Error).message);
  }
  const p = client.profile;
  const hasToken = Boolean(p.tokenId && p.tokenSecret);
  const hasOAuth = Boolean(p.oauthRefreshToken && p.oauthClientId);
  if (!hasToken && !hasOAuth) {
    client.close();
    throw new ModalAuthError('missing');
  }
  return client;
}
