/**
 * A fake of Modal's control plane: a grpc-js server on 127.0.0.1 speaking the subset of
 * `modal.client.ModalClient` in modal_api.proto. The real `modal` SDK talks to it through
 * MODAL_SERVER_URL=http://127.0.0.1:PORT. Every call is recorded; RPCs the fake does not
 * implement answer UNIMPLEMENTED with their name (and are recorded too).
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeImages } from './fakeImages';
import { FakeTunnels } from './fakeTunnels';
import type { FakeSandbox } from './fakeSandbox';
import { makeHandlers, seedVolume, type FakeState } from './handlers';
import { sdkMethods } from './sdkMethods';
import { Code, FakeGrpcError, type FakeFaults, type FakeModalOptions, type RecordedCall } from './types';

export interface FakeModal {
  /** e.g. http://127.0.0.1:40123, for MODAL_SERVER_URL. */
  url: string;
  tokenId: string;
  tokenSecret: string;
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  sandboxes: Map<string, FakeSandbox>;
  /** Local folder standing in for a volume's contents. */
  volumeDir(name: string): string;
  /** The certificate of the encrypted tunnels (SSL_CERT_FILE for a Python client). */
  tunnelCaFile: string;
  /** Switch faults on and off at any time. */
  faults: FakeFaults;
  /**
   * A control-plane outage: the server stops (open calls are cut, new connections refused) and
   * comes back on the same port after `ms`; sandboxes keep running meanwhile. Resolves when back.
   */
  outage(ms: number): Promise<void>;
  /** Modal forgets a sandbox (every call about it answers NOT_FOUND); its process is killed. */
  forget(sandboxId: string): void;
  stop(): Promise<void>;
}

const SERVICE = 'modal.client.ModalClient';

export async function startFakeModal(options: FakeModalOptions = {}): Promise<FakeModal> {
  const ownRoot = !options.rootDir;
  const rootDir = options.rootDir ?? mkdtempSync(path.join(os.tmpdir(), 'fake-modal-'));
  const tokenId = options.tokenId ?? 'ak-test';
  const tokenSecret = options.tokenSecret ?? 'as-test';
  const state: FakeState = {
    apps: new Map((options.apps ?? []).map((n, i) => [n, `ap-seeded${String(i).padStart(15, '0')}`])),
    volumes: new Map((options.volumes ?? []).map((n) => [n, seedVolume(rootDir, n)])),
    secrets: new Map(),
    images: new FakeImages(options.imageBuildMs ?? 300),
    sandboxes: new Map(),
    forgotten: [],
    faults: {},
    token: fakeJwt(),
    tunnels: new FakeTunnels(path.join(rootDir, 'tunnels')),
  };
  const { unary, streaming } = makeHandlers({ ...options, rootDir }, state);
  const calls: RecordedCall[] = [];

  const protoPath = options.protoPath ?? fileURLToPath(new URL('./modal_api.proto', import.meta.url));
  const pkgDef = protoLoader.loadSync(protoPath, { keepCase: false, longs: Number, enums: Number, defaults: true, oneofs: true });
  const loaded = grpc.loadPackageDefinition(pkgDef) as unknown as { modal: { client: { ModalClient: { service: grpc.ServiceDefinition } } } };
  const implemented = loaded.modal.client.ModalClient.service;

  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  const impl: grpc.UntypedServiceImplementation = {};
  const raw = (b: unknown): Buffer => b as Buffer;
  for (const m of sdkMethods()) {
    if (m.name in implemented) continue;
    definition[m.name] = {
      path: `/${SERVICE}/${m.name}`, requestStream: m.requestStream, responseStream: m.responseStream,
      requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw,
    };
    impl[m.name] = (call: grpc.ServerUnaryCall<Buffer, Buffer> | grpc.ServerWritableStream<Buffer, Buffer>, cb?: grpc.sendUnaryData<Buffer>) => {
      const request = Buffer.isBuffer(call.request) ? { rawBase64: call.request.toString('base64') } : {};
      calls.push({ method: m.name, request, code: Code.UNIMPLEMENTED, at: Date.now() });
      const err = { code: Code.UNIMPLEMENTED, details: `fake Modal does not implement ${SERVICE}/${m.name}` };
      if (cb) cb(err);
      else call.emit('error', err);
    };
  }

  const authError = (md: grpc.Metadata): string | undefined => {
    const id = md.get('x-modal-token-id')[0];
    const secret = md.get('x-modal-token-secret')[0];
    if (!id || !secret) return 'Token missing. Could not authenticate client.';
    if (id !== tokenId || secret !== tokenSecret) return 'Token ID or secret is invalid. Could not authenticate client.';
    return undefined;
  };

  for (const [name, def] of Object.entries(implemented)) {
    definition[name] = def;
    const u = unary[name];
    const s = streaming[name];
    if (u) {
      impl[name] = (call: grpc.ServerUnaryCall<Record<string, unknown>, object>, cb: grpc.sendUnaryData<object>) => {
        const rec: RecordedCall = { method: name, request: call.request, code: Code.OK, at: Date.now() };
        calls.push(rec);
        const denied = authError(call.metadata);
        if (denied) return cb({ code: (rec.code = Code.UNAUTHENTICATED), details: denied });
        u(call.request).then(
          (resp) => cb(null, resp),
          (err: unknown) => cb({ code: (rec.code = errCode(err)), details: String((err as Error).message) }),
        );
      };
    } else if (s) {
      impl[name] = (call: grpc.ServerWritableStream<Record<string, unknown>, object>) => {
        const rec: RecordedCall = { method: name, request: call.request, code: Code.OK, at: Date.now() };
        calls.push(rec);
        const denied = authError(call.metadata);
        if (denied) return call.emit('error', { code: (rec.code = Code.UNAUTHENTICATED), details: denied });
        let cancelled = false;
        call.on('cancelled', () => (cancelled = true));
        s(call.request, (msg) => !cancelled && call.write(msg), () => cancelled).then(
          () => call.end(),
          (err: unknown) => call.emit('error', { code: (rec.code = errCode(err)), details: String((err as Error).message) }),
        );
      };
    }
  }

  const listen = (at: number): Promise<{ server: grpc.Server; port: number }> => {
    const srv = new grpc.Server();
    srv.addService(definition, impl);
    return new Promise((resolve, reject) =>
      srv.bindAsync(`127.0.0.1:${at}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve({ server: srv, port: p }))),
    );
  };
  const first = await listen(0);
  const port = first.port;
  let server = first.server;
  const all = () => [...state.sandboxes.values(), ...state.forgotten];
  return {
    url: `http://127.0.0.1:${port}`,
    tokenId,
    tokenSecret,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    sandboxes: state.sandboxes,
    volumeDir: (name) => state.volumes.get(name)?.dir ?? path.join(rootDir, 'volumes', name),
    faults: state.faults,
    tunnelCaFile: state.tunnels.caFile,
    outage: async (ms) => {
      server.forceShutdown();
      await new Promise((r) => setTimeout(r, ms));
      ({ server } = await listen(port));
    },
    forget: (id) => {
      const sb = state.sandboxes.get(id);
      if (!sb) return;
      state.sandboxes.delete(id);
      state.forgotten.push(sb);
      sb.kill('terminated');
    },
    stop: async () => {
      for (const sb of all()) sb.kill('terminated');
      await Promise.all(all().map((sb) => sb.waitFor(5000)));
      state.tunnels.close();
      server.forceShutdown();
      if (ownRoot) rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

function errCode(err: unknown): number {
  return err instanceof FakeGrpcError ? err.code : 13; // INTERNAL
}

function fakeJwt(): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
}
