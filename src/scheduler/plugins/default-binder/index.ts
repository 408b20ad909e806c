// DefaultBinder: binds the pod through the API (`POST pods/NAME/binding`).
import type { BindPlugin, Handle } from '../../framework/interfaces.ts';
import { asStatus } from '../../framework/status.ts';

export const NAME = 'DefaultBinder';

export function newDefaultBinder(_args: unknown, handle: Handle): BindPlugin {
  return {
    name: NAME,
    async bind(_state, pod, nodeName) {
      try {
        await handle.writer.bind(pod.pod, nodeName);
        return null;
      } catch (e) {
        return asStatus(e);
      }
    },
  };
}
