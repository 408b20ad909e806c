// DefaultTolerationSeconds: every pod tolerates not-ready and unreachable nodes for 300 s
// unless it says otherwise, so node lifecycle evicts it after that (upstream's plugin).
import type { AdmissionPlugin } from '../registry/context.ts';
import { isPodCreate } from './server.ts';

interface Toleration {
  key?: string;
  operator?: string;
  effect?: string;
  tolerationSeconds?: number;
}

const DEFAULT_SECONDS = 300;
const KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(attrs) {
    if (!isPodCreate(attrs)) return;
    const spec = (attrs.object!.spec ??= {}) as { tolerations?: Toleration[] };
    const tolerations = (spec.tolerations ??= []);
    for (const key of KEYS) {
      const covered = tolerations.some(
        (t) =>
          (t.operator === 'Exists' && !t.key && (!t.effect || t.effect === 'NoExecute')) ||
          (t.key === key && (!t.effect || t.effect === 'NoExecute')),
      );
      if (!covered)
        tolerations.push({
          key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: DEFAULT_SECONDS,
        });
    }
  },
};
