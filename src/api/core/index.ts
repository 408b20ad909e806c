// The core API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { configMapStrategy } from './configmap.ts';
import { endpointsStrategy } from './endpoints.ts';
import { eventStrategy } from './event/index.ts';
import { limitRangeStrategy } from './limit-range.ts';
import { namespaceStrategy } from './namespace.ts';
import { nodeStrategy } from './node.ts';
import { podStrategy } from './pod.ts';
import { podTemplateStrategy } from './podtemplate.ts';
import { replicationControllerStrategy } from './replicationcontroller.ts';
import { resourceQuotaStrategy } from './resource-quota.ts';
import { secretStrategy } from './secret.ts';
import { serviceStrategy } from './service/index.ts';
import { serviceAccountStrategy } from './service-account.ts';
import { persistentVolumeStrategy } from './volume/persistent-volume.ts';
import { persistentVolumeClaimStrategy } from './volume/persistent-volume-claim.ts';

export const coreResources: ResourceStrategy<any>[] = [
  podStrategy,
  podTemplateStrategy,
  replicationControllerStrategy,
  serviceStrategy,
  endpointsStrategy,
  nodeStrategy,
  namespaceStrategy,
  configMapStrategy,
  secretStrategy,
  serviceAccountStrategy,
  eventStrategy,
  persistentVolumeStrategy,
  persistentVolumeClaimStrategy,
  resourceQuotaStrategy,
  limitRangeStrategy,
];
