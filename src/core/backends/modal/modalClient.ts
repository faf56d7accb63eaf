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

/**
 * The SDK reads its server URL only from MODAL_SERVER_URL / the profile, in the constructor.
 * For an explicit URL we set the variable for the (synchronous) constructor call only.
 */
function withServerUrl<T>(serverUrl: string | undefined, make: () => T): T {
  if (!serverUrl) return make();
  const before = process.env.MODAL_SERVER_URL;
  process.env.MODAL_SERVER_URL = serverUrl;
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env.MODAL_SERVER_URL;
    else process.env.MODAL_SERVER_URL = before;
  }
}

export async function createModalClient(conn: ModalConnection, onBuildLine?: (line: string) => void): Promise<ModalClient> {
  const modal = await loadModal();
  const creds = conn.credentials;
  if (creds && (!creds.tokenId || !creds.tokenSecret)) throw new ModalAuthError('missing');
  const params: ModalClientParams = {
    ...(creds ? { tokenId: creds.tokenId, tokenSecret: creds.tokenSecret } : {}),
    ...(conn.environment ? { environment: conn.environment } : {}),
    ...(onBuildLine ? { grpcMiddleware: [buildLogTap(onBuildLine)] } : {}),
  };
  let client: ModalClient;
  try {
    client = withServerUrl(conn.serverUrl, () => new modal.ModalClient(params));
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
