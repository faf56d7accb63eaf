/**
 * The sweep's study storage is private: a real `sweep.py serve-storage` (real optuna + grpcio,
 * in the training environment) with credentials made by the launcher's own generator refuses
 * plain clients, clients without the token or with a wrong one, and is not trusted with another
 * certificate; a worker with the certificate and the token runs trials through it.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { trainingPython } from '../support/trainingPython';
import { coordinatorEnv, generateStorageCredentials, STORAGE_TLS_NAME, workerEnv } from '../../src/core/sweeps/storageCredentials';

const PYTHON = trainingPython();

describe('per-sweep storage credentials', () => {
  test('a self-signed P-256 certificate for the storage name, its key, a 256-bit token; fresh each time', () => {
    const a = generateStorageCredentials();
    const cert = new X509Certificate(a.certPem);
    expect(cert.subjectAltName).toBe(`DNS:${STORAGE_TLS_NAME}`);
    expect(cert.checkHost(STORAGE_TLS_NAME)).toBe(STORAGE_TLS_NAME);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(Date.parse(cert.validTo) - Date.now()).toBeGreaterThan(24 * 3600_000); // outlives any sandbox
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    const b = generateStorageCredentials();
    expect(b.token).not.toBe(a.token);
    expect(b.keyPem).not.toBe(a.keyPem);
    expect(Object.keys(workerEnv(a))).not.toContain('FTE_STORAGE_KEY'); // the key stays with the coordinator
    expect(coordinatorEnv(a).FTE_STORAGE_KEY).toBe(a.keyPem);
  });

  test(`the coordinator refuses unauthenticated clients (real optuna + grpcio in ${PYTHON})`, () => {
    const creds = generateStorageCredentials();
    const templates = path.resolve(__dirname, '..', '..', 'gpu-templates');
    const r = spawnSync(PYTHON, [path.join(__dirname, 'sweepStore', 'probe.py'), templates], {
      env: { ...process.env, ...coordinatorEnv(creds), OTHER_CERT: generateStorageCredentials().certPem },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const results = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { probe: string; ok: boolean; detail: string });
    expect(results.map((x) => x.probe), r.stdout + r.stderr).toEqual([
      'serves with TLS and a token',
      'plain client refused',
      "optuna's plain GrpcStorageProxy refused",
      'TLS without the token refused',
      'a wrong token refused',
      'a server with another certificate is not trusted',
      'the worker with certificate and token runs trials',
      'no public port without credentials',
    ]);
    for (const x of results) expect(x.ok, `${x.probe}: ${x.detail}`).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(creds.token); // never printed
  }, 150_000);
});
