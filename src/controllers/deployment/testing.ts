// A Deployment builder for the deployment controller's unit tests.
import type { Deployment } from '../workload-common/types.ts';

export function deployment(o: {
  replicas: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  strategy?: 'RollingUpdate' | 'Recreate';
  generation?: number;
  progressDeadlineSeconds?: number;
  status?: Deployment['status'];
  annotations?: Record<string, string>;
  image?: string;
}): Deployment {
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'd-uid',
      generation: o.generation ?? 1,
      annotations: o.annotations ?? {},
    },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: o.image ?? 'nginx' }] },
      },
      strategy:
        o.strategy === 'Recreate'
          ? { type: 'Recreate' }
          : {
              type: 'RollingUpdate',
              rollingUpdate: { maxSurge: o.maxSurge ?? '25%', maxUnavailable: o.maxUnavailable ?? '25%' },
            },
      progressDeadlineSeconds: o.progressDeadlineSeconds ?? 600,
      revisionHistoryLimit: 10,
    },
  };
  if (o.status) d.status = o.status;
  return d;
}
