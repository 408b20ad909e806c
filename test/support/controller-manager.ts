// Starts `kts controller-manager` as its own process against a test server.
import { type KtsProcess, startKts } from './kts-process.ts';

export type RunningControllerManager = KtsProcess;

export function startControllerManager(
  kubeconfig: string,
  args: string[] = [],
  env?: Record<string, string>,
): RunningControllerManager {
  return startKts(
    ['controller-manager', '--kubeconfig', kubeconfig, ...args],
    'kts controller-manager running',
    env,
  );
}
