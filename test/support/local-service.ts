// What the test-support launchers of local services (etcd, a registry) share: a free loopback
// port, a retry when that port is taken between choosing and binding it, and killing the
// service's process if the test process exits without stopping it.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nobody listens on right now (the kernel's choice for an ephemeral bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Runs `start` up to three times: its likeliest failure is a port taken between freePort() and the bind. */
export async function startOnFreePorts<T>(start: () => Promise<T>): Promise<T> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start();
    } catch (error) {
      lastError = error as Error;
    }
  }
  throw lastError;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** SIGKILLs `child` when the test process exits while it still runs. */
export function killAtTestExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}
