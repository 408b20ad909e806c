// Opens a SPDY/3.1 connection to a runtime's streaming URL (exec, attach, port-forward): an HTTP
// POST asking to upgrade, offering the stream protocols; the 101 answer names the one chosen.
// Only loopback URLs are dialled: kts's containerd serves its streams on 127.0.0.1.
import { request } from 'node:http';
import type { Socket } from 'node:net';

export interface UpgradedConnection {
  socket: Socket;
  /** Bytes that arrived with the 101 answer (the start of the SPDY stream). */
  head: Buffer;
  protocol: string;
}

export class UpgradeError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }
}

export function upgradeToSpdy(
  url: string,
  protocols: string[],
  timeoutMs = 10_000,
): Promise<UpgradedConnection> {
  const u = new URL(url);
  if (u.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))
    return Promise.reject(new Error(`refusing to open runtime stream at ${url}: not a loopback http URL`));
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port,
      path: `${u.pathname}${u.search}`,
      method: 'POST',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'SPDY/3.1',
        'X-Stream-Protocol-Version': protocols,
      },
      timeout: timeoutMs,
    });
    req.on('upgrade', (res, socket, head) => {
      socket.setTimeout(0);
      socket.setNoDelay(true);
      resolve({ socket, head, protocol: String(res.headers['x-stream-protocol-version'] ?? '') });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        reject(
          new UpgradeError(
            res.statusCode ?? 500,
            Buffer.concat(chunks).toString('utf8').trim() || `HTTP ${res.statusCode}`,
          ),
        ),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`timed out upgrading ${url}`)));
    req.on('error', reject);
    req.end();
  });
}
