// Runs controllers in the test process against a test server, through their ControllerDefinition
// (what the controller manager does): one client, one informer factory, event recorders per
// component, settings with test-sized periods. stop() ends everything it started.

import type { Client } from '../../src/client/index.ts';
import { connect, EventRecorder, InformerFactory, loadKubeconfig } from '../../src/client/index.ts';
import type {
  ControllerContext,
  ControllerDefinition,
  ControllerManagerSettings,
  RunningController,
} from '../../src/controllers/controller-definition.ts';
import { defaultSettings } from '../../src/controllers/manager.ts';

export interface RunningControllers {
  client: Client;
  stop(): Promise<void>;
}

export function testSettings(overrides: Partial<ControllerManagerSettings> = {}): ControllerManagerSettings {
  return defaultSettings(overrides);
}

/** Starts `definitions` against the server of `kubeconfig`. Usage: `const c = await startControllers(kc, [namespaceController]); ...; await c.stop()`. */
export async function startControllers(
  kubeconfig: string,
  definitions: ControllerDefinition[],
  settings: Partial<ControllerManagerSettings> = {},
): Promise<RunningControllers> {
  const connection = connect(loadKubeconfig(kubeconfig), { fieldManager: 'kube-controller-manager' });
  const client = connection.client;
  const informers = new InformerFactory(client);
  const abort = new AbortController();
  const recorders: EventRecorder[] = [];
  const ctx: ControllerContext = {
    client,
    informers,
    recorder(component) {
      const r = new EventRecorder({ client, component, retrySleepMs: 200 });
      recorders.push(r);
      return r;
    },
    settings: testSettings(settings),
    signal: abort.signal,
  };
  const running: RunningController[] = [];
  const stop = async () => {
    abort.abort();
    await Promise.all(running.map((r) => r.stop()));
    await Promise.all(recorders.map((r) => r.shutdown()));
    await informers.shutdown();
    await connection.close();
  };
  try {
    for (const d of definitions) running.push(await d.start(ctx));
  } catch (e) {
    await stop();
    throw e;
  }
  return { client, stop };
}
