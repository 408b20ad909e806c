// Priority: resolves a pod's priorityClassName to spec.priority and spec.preemptionPolicy
// (the global default class, or 0, when it names none), rejecting unknown classes and
// hand-set priorities that disagree (upstream's plugin).
import { forbidden } from '../../machinery/status.ts';
import type { AdmissionPlugin } from '../registry/context.ts';
import { type AdmissionServer, freshObject, isPodCreate } from './server.ts';

interface PodSpec {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

interface PriorityClass {
  metadata?: { name?: string; creationTimestamp?: string };
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

const PREFIX = '/registry/priorityclasses/';

export function priority(server: AdmissionServer): AdmissionPlugin {
  return {
    name: 'Priority',
    async admit(attrs) {
      if (!isPodCreate(attrs)) return;
      const spec = (attrs.object!.spec ??= {}) as PodSpec;
      let value = 0;
      let policy: string | undefined = 'PreemptLowerPriority';
      let className = spec.priorityClassName;
      if (className) {
        const pc = (await freshObject(server, PREFIX, '', className)) as PriorityClass | undefined;
        if (!pc)
          throw forbidden(
            { group: '', resource: 'pods' },
            attrs.name,
            `no PriorityClass with name ${className} was found`,
          );
        value = pc.value ?? 0;
        policy = pc.preemptionPolicy ?? 'PreemptLowerPriority';
      } else {
        const defaults = (server.dispatcher.cacheFor(PREFIX).list({}).items as PriorityClass[])
          .filter((pc) => pc.globalDefault)
          .sort((a, b) => (a.value ?? 0) - (b.value ?? 0));
        const chosen = defaults[0];
        if (chosen) {
          value = chosen.value ?? 0;
          policy = chosen.preemptionPolicy ?? 'PreemptLowerPriority';
          className = chosen.metadata?.name;
          if (className) spec.priorityClassName = className;
        }
      }
      if (spec.priority !== undefined && spec.priority !== value) {
        throw forbidden(
          { group: '', resource: 'pods' },
          attrs.name,
          `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
        );
      }
      spec.priority = value;
      if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy && className) {
        throw forbidden(
          { group: '', resource: 'pods' },
          attrs.name,
          `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
        );
      }
      spec.preemptionPolicy = policy;
    },
  };
}
