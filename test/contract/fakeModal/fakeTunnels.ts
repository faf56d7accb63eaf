/**
 * Modal's tunnels, locally. An unencrypted port is the sandbox's own port on 127.0.0.1 (a raw TCP
 * endpoint). An encrypted port is what Modal gives: a TLS endpoint (Modal terminates TLS at its
 * edge) forwarding to the container's plain port, here a node:tls server with a certificate made
 * for 127.0.0.1 by openssl. Clients trust it through `caFile` (e.g. SSL_CERT_FILE for Python).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

export class FakeTunnels {
  private servers: tls.Server[] = [];
  private cert: { key: Buffer; cert: Buffer } | undefined;
  readonly caFile: string;

  constructor(private readonly dir: string) {
    this.caFile = path.join(dir, 'tunnel-ca.pem');
  }

  /** A self-signed certificate for 127.0.0.1, made once per fake. */
  private certificate(): { key: Buffer; cert: Buffer } {
    if (this.cert) return this.cert;
    mkdirSync(this.dir, { recursive: true });
    const keyFile = path.join(this.dir, 'tunnel-key.pem');
    if (!existsSync(this.caFile)) {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', this.caFile], { stdio: 'ignore' });
    }
    this.cert = { key: readFileSync(keyFile), cert: readFileSync(this.caFile) };
    return this.cert;
  }

  /** A TLS endpoint forwarding to 127.0.0.1:target; resolves to its port. */
  async encrypted(target: number): Promise<number> {
    const server = tls.createServer(this.certificate(), (socket) => {
      const upstream = net.connect(target, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      const close = (): void => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', close);
      upstream.on('error', close);
    });
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  }

  close(): void {
    for (const s of this.servers) s.close();
    this.servers = [];
  }
}
