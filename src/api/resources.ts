// Every built-in resource the API server serves, group by group. The generic REST handlers,
// discovery, OpenAPI and the client's RESTMapper all read this one table.

import { apiextensionsResources } from './apiextensions/index.ts';
import { appsResources } from './apps/index.ts';
import { autoscalingResources } from './autoscaling/index.ts';
import { batchResources } from './batch/index.ts';
import { coordinationResources } from './coordination/index.ts';
import { coreResources } from './core/index.ts';
import { discoveryResources } from './discovery/index.ts';
import { eventsResources } from './events/index.ts';
import { networkingResources } from './networking/index.ts';
import { policyResources } from './policy/index.ts';
import { rbacResources } from './rbac/index.ts';
import { schedulingResources } from './scheduling/index.ts';
import { storageResources } from './storage/index.ts';
import type { ResourceStrategy } from './strategy.ts';

export const builtinResources: readonly ResourceStrategy<any>[] = [
  ...coreResources,
  ...appsResources,
  ...batchResources,
  ...autoscalingResources,
  ...policyResources,
  ...networkingResources,
  ...discoveryResources,
  ...coordinationResources,
  ...rbacResources,
  ...storageResources,
  ...schedulingResources,
  ...eventsResources,
  ...apiextensionsResources,
];
