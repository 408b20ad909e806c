// Runs the real /usr/bin/kubectl against a test server.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * kubectl's environment for a test server: its kubeconfig, and a discovery cache of its own beside
 * it. The default cache (~/.kube/cache) is keyed by host and port, and test servers listen on
 * ports the system picks: kubectl against a server on a reused port was answered from an earlier
 * server's discovery (`get widgets` listed a CRD that server never had).
 */
export function kubectlEnv(kubeconfig: string): Record<string, string> {
  return { KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dirname(kubeconfig), 'kubectl-cache') };
}

export function kubectl(
  kubeconfig: string,
  args: string[],
  options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/kubectl', args, {
      env: { ...process.env, ...kubectlEnv(kubeconfig), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // kubectl may be gone before it reads its input (it failed, or never started): that shows
    // in its exit, not as an unhandled EPIPE that fails whichever test is running.
    child.stdin.on('error', () => {});
    if (options.input) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** kubectl that must succeed: returns stdout, throws with stderr otherwise. */
export async function kubectlOk(
  kubeconfig: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const r = await kubectl(kubeconfig, args, options);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
