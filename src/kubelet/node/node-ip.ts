// The node's address when none is given (kubelet --node-ip): the first IPv4 address of the
// interface holding the default route — the route table is only read, nothing is sent — or,
// on a machine without one, loopback.
import { networkInterfaces } from 'node:os';
import { runCommand } from '../cni/host-commands.ts';

export async function detectNodeIP(): Promise<string> {
  const r = await runCommand('ip', ['-j', 'route', 'show', 'default']).catch(() => undefined);
  let dev: string | undefined;
  try {
    dev = (JSON.parse(r?.stdout || '[]') as { dev?: string }[])[0]?.dev;
  } catch {
    dev = undefined;
  }
  const interfaces = networkInterfaces();
  const candidates = dev ? [dev, ...Object.keys(interfaces)] : Object.keys(interfaces);
  for (const name of candidates) {
    const address = interfaces[name]?.find((a) => a.family === 'IPv4' && !a.internal)?.address;
    if (address) return address;
  }
  return '127.0.0.1';
}
