// The core controllers (endpoints, endpoint slices, namespaces, service accounts, nodes,
// garbage collection, pod GC, disruption budgets, quotas, volumes), in upstream's names
// (`--controllers` without the `-controller` suffix; taint-eviction-controller keeps it, as
// upstream spells it). TTL and ttl-after-finished are the workload table's.
import type { ControllerDefinition } from './controller-definition.ts';
import { disruptionController } from './disruption/index.ts';
import { endpointsController } from './endpoints/index.ts';
import { endpointSliceController } from './endpointslice/index.ts';
import { endpointSliceMirroringController } from './endpointslice-mirroring/index.ts';
import { garbageCollector } from './garbage-collector/index.ts';
import { localPathProvisioner } from './local-path/index.ts';
import { namespaceController } from './namespace/index.ts';
import { nodeIpamController } from './node-ipam/index.ts';
import { nodeLifecycleController } from './node-lifecycle/index.ts';
import { persistentVolumeBinder } from './persistentvolume-binder/index.ts';
import { podGarbageCollector } from './pod-garbage-collector/index.ts';
import { resourceQuotaController } from './resourcequota/index.ts';
import { rootCACertPublisher } from './root-ca-cert-publisher/index.ts';
import { serviceAccountController } from './serviceaccount/index.ts';
import { taintEvictionController } from './taint-eviction/index.ts';
import { claimProtectionController, volumeProtectionController } from './volume-protection/index.ts';

export const coreControllers: ControllerDefinition[] = [
  endpointsController,
  endpointSliceController,
  endpointSliceMirroringController,
  namespaceController,
  serviceAccountController,
  rootCACertPublisher,
  garbageCollector,
  nodeIpamController,
  nodeLifecycleController,
  taintEvictionController,
  podGarbageCollector,
  disruptionController,
  resourceQuotaController,
  persistentVolumeBinder,
  claimProtectionController,
  volumeProtectionController,
  localPathProvisioner,
];
