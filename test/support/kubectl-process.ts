// A long-running kubectl (`get -w`, `wait`) whose output a test reads while it runs, e.g. to
// act only once its watch request is under way (`-v=6` logs `... watch=true 200 OK`).
import { spawn } from 'node:child_process';
import { type KubectlResult, kubectlEnv } from './kubectl.ts';

export interface KubectlProcess {
  stdout(): string;
  stderr(): string;
  /** Resolves when kubectl exits by itself. */
  done: Promise<KubectlResult>;
  /** SIGTERM (if still running) and the result. */
  stop(): Promise<KubectlResult>;
}

export function startKubectl(kubeconfig: string, args: string[]): KubectlProcess {
  const child = spawn('/usr/bin/kubectl', args, {
    env: { ...process.env, ...kubectlEnv(kubeconfig) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<KubectlResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout: out, stderr: err }));
  });
  return {
    stdout: () => out,
    stderr: () => err,
    done,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return done;
    },
  };
}

/** Polls `check` every 50 ms; throws after `timeoutMs` (a guard against hangs, not a timing assertion). */
export async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** True once a `-v=6` kubectl has its watch on `resource` answered. */
export function watching(p: KubectlProcess, resource: string): boolean {
  return new RegExp(`/${resource}\\?\\S*watch=true\\S* 200 OK`).test(p.stderr());
}
