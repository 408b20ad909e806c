// The core controllers (endpoints, endpoint slices, namespaces, service accounts, nodes,
// garbage collection, pod GC, TTL, disruption budgets, quotas, volumes), in upstream's names.
import type { ControllerDefinition } from './controller-definition.ts';

export const coreControllers: ControllerDefinition[] = [];
