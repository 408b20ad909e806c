// The admission chain, in upstream's order of the default-enabled plugins that apply here.
// Mutating steps (`admit`) run before the strategy validates; validating steps after.
import type { AdmissionPlugin } from '../registry/context.ts';
import { defaultStorageClass } from './default-storage-class.ts';
import { defaultTolerationSeconds } from './default-toleration-seconds.ts';
import { limitRanger } from './limit-ranger.ts';
import { namespaceLifecycle } from './namespace-lifecycle.ts';
import { priority } from './priority.ts';
import { type QuotaServer, resourceQuota } from './resource-quota.ts';
import { serviceAccount } from './service-account.ts';
import type { ServiceAllocators } from './service-allocation.ts';
import { storageObjectInUseProtection } from './storage-protection.ts';
import { taintNodesByCondition } from './taint-nodes-by-condition.ts';

export function admissionPlugins(server: QuotaServer & { allocators: ServiceAllocators }): AdmissionPlugin[] {
  return [
    namespaceLifecycle(server),
    limitRanger(server),
    serviceAccount(server),
    taintNodesByCondition,
    priority(server),
    defaultTolerationSeconds,
    defaultStorageClass(server),
    storageObjectInUseProtection,
    server.allocators.plugin,
    resourceQuota(server),
  ];
}
