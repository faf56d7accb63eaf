/** The implemented RPCs of the fake control plane, as plain async functions. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FakeImages } from './fakeImages';
import { FakeSandbox } from './fakeSandbox';
import type { FakeTunnels } from './fakeTunnels';
import { entryId } from './logStore';
import type { LogStore } from './logStore';
import { Code, FakeGrpcError, newId, type FakeFaults, type FakeModalOptions, GenericStatus } from './types';

type Req = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Unary = (req: Req) => Promise<object>;
/** Server stream: write messages; resolve to end the stream. `isCancelled` reports a client hang-up. */
export type Streaming = (req: Req, write: (msg: object) => void, isCancelled: () => boolean) => Promise<void>;

export interface FakeState {
  apps: Map<string, string>; // name -> id
  volumes: Map<string, { id: string; name: string; dir: string }>;
  secrets: Map<string, { name: string | null; env: Record<string, string> }>; // id -> secret
  images: FakeImages;
  sandboxes: Map<string, FakeSandbox>;
  /** Sandboxes Modal "forgot" (NOT_FOUND from then on); kept only to clean them up. */
  forgotten: FakeSandbox[];
  faults: FakeFaults;
  token: string;
  tunnels: FakeTunnels;
}

const CREATE_IF_MISSING = 1;
const EPHEMERAL = 5;

export function makeHandlers(opts: Required<Pick<FakeModalOptions, 'rootDir'>> & FakeModalOptions, state: FakeState) {
  const unary: Record<string, Unary> = {
    AuthTokenGet: async () => ({ token: state.token }),
    AppGetOrCreate: async (r) => {
      let id = state.apps.get(r.appName);
      if (!id) {
        if (r.objectCreationType !== CREATE_IF_MISSING && r.objectCreationType !== EPHEMERAL) throw new FakeGrpcError(Code.NOT_FOUND, `App '${r.appName}' not found`);
        id = newId('ap');
        state.apps.set(r.appName, id);
      }
      return { appId: id, handleMetadata: { appId: id, environmentName: r.environmentName || 'main' } };
    },
    VolumeGetOrCreate: async (r) => {
      let vol = state.volumes.get(r.deploymentName);
      if (!vol) {
        if (r.objectCreationType !== CREATE_IF_MISSING) throw new FakeGrpcError(Code.NOT_FOUND, `Volume '${r.deploymentName}' not found`);
        vol = makeVolume(opts.rootDir, r.deploymentName);
        state.volumes.set(r.deploymentName, vol);
      }
      return { volumeId: vol.id, version: 2, metadata: { version: 2, name: vol.name } };
    },
    EnvironmentGetOrCreate: async (r) => ({
      environmentId: 'en-' + (r.deploymentName || 'main'),
      metadata: { name: r.deploymentName || 'main', settings: { imageBuilderVersion: '2025.06', webhookSuffix: 'modal.run' } },
    }),
    SecretGetOrCreate: async (r) => {
      if (r.objectCreationType === EPHEMERAL) {
        const id = newId('st');
        state.secrets.set(id, { name: null, env: { ...(r.envDict ?? {}) } });
        return { secretId: id };
      }
      const env = opts.secrets?.[r.deploymentName];
      if (!env) throw new FakeGrpcError(Code.NOT_FOUND, `Secret '${r.deploymentName}' not found in environment '${r.environmentName || 'main'}'`);
      const missing = ((r.requiredKeys ?? []) as string[]).filter((k) => !(k in env));
      if (missing.length) throw new FakeGrpcError(Code.FAILED_PRECONDITION, `Secret is missing key(s): ${missing.join(', ')}`);
      const id = 'st-named-' + r.deploymentName;
      state.secrets.set(id, { name: r.deploymentName, env });
      return { secretId: id };
    },
    ImageGetOrCreate: async (r) => {
      const img = state.images.getOrCreate(r.image ?? {}, r.builderVersion ?? '', Boolean(r.forceBuild));
      return img.result ? { imageId: img.id, result: img.result } : { imageId: img.id };
    },
    SandboxCreate: async (r) => {
      const def = r.definition ?? {};
      if (!state.images.byId.get(def.imageId)?.result) throw new FakeGrpcError(Code.FAILED_PRECONDITION, `Image ${def.imageId} is not built`);
      const env: Record<string, string> = {};
      for (const sid of (def.secretIds ?? []) as string[]) {
        const s = state.secrets.get(sid);
        if (!s) throw new FakeGrpcError(Code.NOT_FOUND, `Secret ${sid} not found`);
        Object.assign(env, s.env);
      }
      const mounts: Record<string, string> = {};
      for (const m of (def.volumeMounts ?? []) as Array<{ volumeId: string; mountPath: string }>) {
        const vol = [...state.volumes.values()].find((v) => v.id === m.volumeId);
        if (!vol) throw new FakeGrpcError(Code.NOT_FOUND, `Volume ${m.volumeId} not found`);
        mounts[m.mountPath.replace(/\/+$/, '')] = vol.dir;
      }
      const sb = new FakeSandbox({
        appId: r.appId,
        argv: def.entrypointArgs ?? [],
        env,
        mounts,
        cwd: path.join(opts.rootDir, 'sandboxes', String(state.sandboxes.size + 1)),
        timeoutSecs: def.timeoutSecs || 300,
        scheduleDelayMs: opts.scheduleDelayMs ?? 200,
        logChunkChars: opts.logChunkChars,
        commandAliases: opts.commandAliases ?? { python: 'python3' },
        ports: ((def.openPorts?.ports ?? []) as Array<{ port: number }>).map((p) => p.port),
        encryptedPorts: ((def.openPorts?.ports ?? []) as Array<{ port: number; unencrypted: boolean }>).filter((p) => !p.unencrypted).map((p) => p.port),
      });
      state.sandboxes.set(sb.id, sb);
      return { sandboxId: sb.id, metadata: { appId: r.appId } };
    },
    SandboxGetTaskId: async (r) => {
      const sb = sandbox(state, r.sandboxId);
      if (sb.taskId) return { taskId: sb.taskId };
      return sb.result ? { taskResult: sb.result } : {};
    },
    SandboxStdinWrite: async (r) => {
      if (state.faults.stdinWriteDelayMs) await new Promise((res) => setTimeout(res, state.faults.stdinWriteDelayMs));
      sandbox(state, r.sandboxId).writeStdin(r.index, Buffer.from(r.input ?? []), Boolean(r.eof));
      return {};
    },
    SandboxWait: async (r) => {
      const sb = sandbox(state, r.sandboxId);
      await sb.waitFor(Math.min(Number(r.timeout) || 0, 10) * 1000);
      sandbox(state, r.sandboxId); // forgotten meanwhile (FakeModal.forget): no result to give
      return sb.result ? { result: sb.result, metadata: { appId: sb.init.appId, result: sb.result } } : { metadata: { appId: sb.init.appId } };
    },
    SandboxGetTunnels: async (r) => {
      // The "container" is a local process: a declared port is reachable on 127.0.0.1 as is.
      const sb = sandbox(state, r.sandboxId);
      const deadline = Date.now() + Math.max(0, (r.timeout || 0) * 1000);
      while (!sb.taskId && !sb.result && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
      if (!sb.taskId) return { result: { status: GenericStatus.TIMEOUT }, tunnels: [] };
      // Like Modal: an encrypted port gets a TLS host and port only; an unencrypted one a raw TCP endpoint too.
      sb.tunnels ??= await Promise.all(sb.init.ports.map(async (p) => (sb.init.encryptedPorts?.includes(p)
        ? { host: '127.0.0.1', port: await state.tunnels.encrypted(p), containerPort: p }
        : { host: '127.0.0.1', port: p, unencryptedHost: '127.0.0.1', unencryptedPort: p, containerPort: p })));
      return { result: { status: GenericStatus.SUCCESS }, tunnels: sb.tunnels };
    },
    SandboxTerminate: async (r) => {
      const sb = sandbox(state, r.sandboxId);
      const existing = sb.result;
      sb.kill('terminated');
      return existing ? { existingResult: existing } : {};
    },
  };

  const failedOnce = new Set<string>();
  const streaming: Record<string, Streaming> = {
    ImageJoinStreaming: async (r, write, isCancelled) => {
      const img = state.images.byId.get(r.imageId);
      if (!img) throw new FakeGrpcError(Code.NOT_FOUND, `Image ${r.imageId} not found`);
      await pump(img.logs, r.lastEntryId, r.timeout, undefined, isCancelled, (items, id) =>
        write({ taskLogs: items.map((data) => ({ data, fileDescriptor: 1 })), entryId: id }),
      );
      if (img.result && !isCancelled()) write({ result: img.result, entryId: entryId(img.logs.entries.length), eof: true });
    },
    SandboxGetLogs: async (r, write, isCancelled) => {
      const sb = sandbox(state, r.sandboxId);
      const fd = r.fileDescriptor === 2 ? 2 : 1;
      const store = fd === 2 ? sb.stderr : sb.stdout;
      const failNow = fd === 1 && opts.logStreamFailAfterMs !== undefined && !failedOnce.has(sb.id);
      if (failNow) failedOnce.add(sb.id);
      const dropMs = state.faults.logStreamDropEveryMs;
      const maxMs = failNow ? opts.logStreamFailAfterMs : dropMs ?? opts.logStreamMaxMs;
      const ended = await pump(store, r.lastEntryId, r.timeout, maxMs, isCancelled, (items, id) =>
        write({ taskId: sb.taskId ?? '', sandboxId: sb.id, entryId: id, items: items.map((data) => ({ data, fileDescriptor: fd })) }),
      );
      if (failNow && !ended) throw new FakeGrpcError(opts.logStreamFailCode ?? Code.FAILED_PRECONDITION, 'injected log stream failure');
      if (dropMs !== undefined && !ended) throw new FakeGrpcError(state.faults.logStreamDropCode ?? Code.FAILED_PRECONDITION, 'injected log stream drop');
      if (ended && !isCancelled()) write({ taskId: sb.taskId ?? '', sandboxId: sb.id, entryId: entryId(store.entries.length), eof: true, items: [] });
    },
  };
  return { unary, streaming };
}

/** Sends entries after `lastEntryId` until the store closes (returns true) or time is up (false). */
async function pump(
  store: LogStore,
  lastEntryId: string,
  timeoutSecs: number,
  maxMs: number | undefined,
  isCancelled: () => boolean,
  send: (items: string[], id: string) => void,
): Promise<boolean> {
  const deadline = Date.now() + Math.min((Number(timeoutSecs) || 55) * 1000, maxMs ?? Infinity);
  let last = lastEntryId || '0-0';
  while (!isCancelled()) {
    const batch = store.after(last);
    if (batch.length > 0) {
      last = entryId(batch[batch.length - 1]!.seq);
      send(batch.map((e) => e.data), last);
    } else if (store.closed) {
      return true;
    } else {
      await store.waitChange(deadline - Date.now());
    }
    if (Date.now() >= deadline) return false;
  }
  return false;
}

function sandbox(state: FakeState, id: string): FakeSandbox {
  const sb = state.sandboxes.get(id);
  if (!sb) throw new FakeGrpcError(Code.NOT_FOUND, `Sandbox ${id} not found`);
  return sb;
}

function makeVolume(rootDir: string, name: string) {
  const dir = path.join(rootDir, 'volumes', name);
  mkdirSync(dir, { recursive: true });
  return { id: newId('vo'), name, dir };
}

export function seedVolume(rootDir: string, name: string) {
  return makeVolume(rootDir, name);
}
