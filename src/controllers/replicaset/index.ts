// The `replicaset` and `replicationcontroller` controllers: one implementation, two kinds.
import type { ControllerDefinition } from '../controller-definition.ts';
import { ReplicaSetController } from './controller.ts';
import { REPLICA_SET_KIND, REPLICATION_CONTROLLER_KIND } from './replica-kinds.ts';

export const replicaSetController: ControllerDefinition = {
  name: 'replicaset',
  enabledByDefault: true,
  start: (ctx) => new ReplicaSetController(ctx, REPLICA_SET_KIND).start(),
};

export const replicationControllerController: ControllerDefinition = {
  name: 'replicationcontroller',
  enabledByDefault: true,
  start: (ctx) => new ReplicaSetController(ctx, REPLICATION_CONTROLLER_KIND).start(),
};
