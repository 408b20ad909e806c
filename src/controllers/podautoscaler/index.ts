// The `horizontalpodautoscaling` controller: every sync period (15 s) each autoscaling/v2
// HorizontalPodAutoscaler is reconciled against its target's scale subresource and the pods'
// resource metrics from metrics.k8s.io (reconcile.ts decides). Its own status writes do not
// trigger a new pass: like upstream's fixed-interval queue, an HPA is looked at once per period,
// and at once when it is new or its spec changed.
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import {
  Controller,
  descriptor,
  descriptorForKind,
  PODS,
  type ResourceDescriptor,
} from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { syncErrorReporter } from '../workload-common/errors.ts';
import { type AutoscalerIO, type AutoscalerMemory, type PodUsage, reconcileAutoscaler } from './reconcile.ts';
import { milliOf } from './replica-calculator.ts';

const COMPONENT = 'horizontal-pod-autoscaler';
const HPAS: ResourceDescriptor = descriptor(
  'autoscaling/v2',
  'horizontalpodautoscalers',
  true,
  'HorizontalPodAutoscaler',
);
const POD_METRICS: ResourceDescriptor = descriptor('metrics.k8s.io/v1beta1', 'pods', true, 'PodMetrics');

interface PodMetricsObject {
  metadata?: { name?: string };
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

/** A Go duration as metrics-server prints the window (`15s`, `1m0s`, `10.5s`) in ms. */
function windowMs(window: string | undefined): number {
  if (!window) return 0;
  let ms = 0;
  for (const [, n, unit] of window.matchAll(/([0-9.]+)(h|m|s|ms)/g))
    ms += Number(n) * ({ h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as Record<string, number>)[unit!]!;
  return ms;
}

function targetDescriptor(hpa: HorizontalPodAutoscaler): ResourceDescriptor {
  const ref = hpa.spec!.scaleTargetRef;
  const slash = (ref.apiVersion ?? '').indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion!.slice(0, slash);
  const version = slash < 0 ? undefined : ref.apiVersion!.slice(slash + 1);
  return descriptorForKind(ref.kind, group, version);
}

export const horizontalPodAutoscalerController: ControllerDefinition = {
  name: 'horizontalpodautoscaling',
  enabledByDefault: true,
  async start(ctx) {
    const s = ctx.settings;
    const syncPeriodMs = s.hpaSyncPeriodMs;
    const hpas = ctx.informers.informerFor<HorizontalPodAutoscaler>(HPAS);
    const pods = ctx.informers.informerFor<Pod>(PODS);
    const recorder = ctx.recorder(COMPONENT);
    const api = ctx.client.resource<HorizontalPodAutoscaler>(HPAS);
    const memories = new Map<string, AutoscalerMemory>();
    /** When each HPA was last reconciled, and at which generation. */
    const lastPass = new Map<string, { at: number; generation: number | undefined }>();

    const io: AutoscalerIO = {
      async getScale(hpa) {
        const scale = await ctx.client
          .resource(targetDescriptor(hpa))
          .namespace(hpa.metadata!.namespace!)
          .getScale(hpa.spec!.scaleTargetRef.name);
        return {
          replicas: scale.spec?.replicas ?? 0,
          ...(scale.status?.selector ? { selector: scale.status.selector } : {}),
        };
      },
      async setScale(hpa, replicas) {
        await ctx.client
          .resource(targetDescriptor(hpa))
          .namespace(hpa.metadata!.namespace!)
          .scale(hpa.spec!.scaleTargetRef.name, replicas);
      },
      pods: (namespace, selector) => pods.lister.namespace(namespace).list(selector),
      async podUsage(namespace, selector) {
        const list = await ctx.client
          .resource<PodMetricsObject & { metadata?: { name?: string } }>(POD_METRICS)
          .namespace(namespace)
          .list({ labelSelector: selector });
        const out = new Map<string, PodUsage>();
        for (const item of list.items) {
          const containers = new Map<string, Record<string, number>>();
          for (const c of item.containers ?? []) {
            const values: Record<string, number> = {};
            for (const [resource, q] of Object.entries(c.usage ?? {})) values[resource] = milliOf(q);
            containers.set(c.name, values);
          }
          out.set(item.metadata?.name ?? '', {
            timestamp: item.timestamp ? Date.parse(item.timestamp) : 0,
            windowMs: windowMs(item.window),
            containers,
          });
        }
        return out;
      },
      event: (hpa, type, reason, message) => recorder.event(hpa, type, reason, message),
      async writeStatus(hpa, status) {
        await api.namespace(hpa.metadata!.namespace!).updateStatus({ ...hpa, status });
      },
    };

    const controller = new Controller(ctx.informers, {
      name: COMPONENT,
      for: HPAS,
      workers: 5,
      onError: syncErrorReporter(COMPONENT),
      async reconcile(key) {
        const hpa = hpas.lister.get(key);
        if (!hpa) {
          memories.delete(key);
          lastPass.delete(key);
          return undefined;
        }
        const now = s.now();
        const last = lastPass.get(key);
        const generation = hpa.metadata?.generation;
        // Its own status write (or any other non-spec change) waits for the next period.
        if (last && last.generation === generation && now - last.at < syncPeriodMs)
          return { requeueAfter: syncPeriodMs - (now - last.at) };
        lastPass.set(key, { at: now, generation });
        let memory = memories.get(key);
        if (!memory) {
          memory = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
          memories.set(key, memory);
        }
        await reconcileAutoscaler(
          structuredClone(hpa),
          io,
          memory,
          {
            tolerance: s.hpaTolerance,
            cpuInitializationPeriodMs: s.hpaCpuInitializationPeriodMs,
            delayOfInitialReadinessStatusMs: s.hpaInitialReadinessDelayMs,
            downscaleStabilizationMs: s.hpaDownscaleStabilizationMs,
          },
          now,
        );
        return { requeueAfter: syncPeriodMs };
      },
    });
    await controller.start();
    return { stop: () => controller.stop() };
  },
};
