/**
 * Per-sweep credentials for the study storage (see gpu-templates/fte/sweep/secure.py): a
 * self-signed P-256 certificate for STORAGE_TLS_NAME with its key, and a random bearer token.
 * The coordinator serves TLS with the key and checks the token; workers pin the certificate.
 * They travel only in the sandboxes' secret environment: never in a run record, a log or a
 * command line. Node can sign but not build certificates, so the few DER structures an X.509 v3
 * certificate needs are written here.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** The name in the certificate; clients check it whatever host the tunnel gives them. */
export const STORAGE_TLS_NAME = 'fte-sweep-storage';
export const STORAGE_ENV = { token: 'FTE_STORAGE_TOKEN', cert: 'FTE_STORAGE_CERT', key: 'FTE_STORAGE_KEY' } as const;
/** Valid from a day ago (clock skew) for a week: longer than any sandbox may live (24 h). */
const VALID_BEFORE_MS = 24 * 3600_000;
const VALID_AFTER_MS = 7 * 24 * 3600_000;

export interface StorageCredentials {
  token: string;
  certPem: string;
  keyPem: string;
}

/** The secret environment of the coordinator (serves) and of a worker (connects). */
export function coordinatorEnv(c: StorageCredentials): Record<string, string> {
  return { [STORAGE_ENV.token]: c.token, [STORAGE_ENV.cert]: c.certPem, [STORAGE_ENV.key]: c.keyPem };
}
export function workerEnv(c: StorageCredentials): Record<string, string> {
  return { [STORAGE_ENV.token]: c.token, [STORAGE_ENV.cert]: c.certPem };
}

export function generateStorageCredentials(now = Date.now()): StorageCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(STORAGE_TLS_NAME))))); // CN, UTF8String
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // a positive INTEGER
  const extensions = seq(
    ext('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])))), // basicConstraints: CA (its own root)
    ext('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0x84]))), // keyUsage: digitalSignature, keyCertSign
    ext('2.5.29.17', false, seq(tlv(0x82, Buffer.from(STORAGE_TLS_NAME)))), // subjectAltName: dNSName
  );
  const tbs = seq(
    tlv(0xa0, int(Buffer.from([2]))), // version v3
    int(serial),
    ecdsaSha256,
    name,
    seq(utcTime(new Date(now - VALID_BEFORE_MS)), utcTime(new Date(now + VALID_AFTER_MS))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const cert = seq(tbs, ecdsaSha256, bitString(signature));
  return {
    token: randomBytes(32).toString('base64url'),
    certPem: pem('CERTIFICATE', cert),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));
const int = (bytes: Buffer): Buffer => tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const bitString = (bytes: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const ext = (id: string, critical: boolean, value: Buffer): Buffer =>
  seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) chunk.unshift((x & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime YYMMDDHHMMSSZ (valid for years up to 2049, as X.509 requires of UTCTime). */
function utcTime(d: Date): Buffer {
  const text = d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(text));
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
