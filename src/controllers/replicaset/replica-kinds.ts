// ReplicaSets and ReplicationControllers are one controller over two kinds (as upstream, where
// the ReplicationController manager is the ReplicaSet manager behind a conversion): they differ
// only in their API address, their event source and the shape of their selector.
import type { ResourceDescriptor } from '../../client/index.ts';
import { labelSelectorAsSelector } from '../../machinery/label-selector.ts';
import { type Selector, selectorFromSet } from '../../machinery/labels.ts';
import { REPLICA_SETS, REPLICATION_CONTROLLERS } from '../workload-common/descriptors.ts';
import type { PodTemplateSpec, ReplicaSet, ReplicationController } from '../workload-common/types.ts';

/** A ReplicaSet or a ReplicationController: the fields the controller reads. */
export type ReplicatedObject = ReplicaSet | ReplicationController;

export interface ReplicaKind {
  /** `--controllers` name. */
  name: string;
  /** Event source and worker name. */
  component: string;
  descriptor: ResourceDescriptor;
  apiVersion: string;
  kind: string;
  /** The pod selector; throws on an invalid one. */
  selector(obj: ReplicatedObject): Selector;
  template(obj: ReplicatedObject): PodTemplateSpec | undefined;
}

export const REPLICA_SET_KIND: ReplicaKind = {
  name: 'replicaset',
  component: 'replicaset-controller',
  descriptor: REPLICA_SETS,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  selector: (obj) => labelSelectorAsSelector((obj as ReplicaSet).spec?.selector),
  template: (obj) => (obj as ReplicaSet).spec?.template,
};

export const REPLICATION_CONTROLLER_KIND: ReplicaKind = {
  name: 'replicationcontroller',
  component: 'replication-controller',
  descriptor: REPLICATION_CONTROLLERS,
  apiVersion: 'v1',
  kind: 'ReplicationController',
  // An RC's selector is a label map; an empty one selects everything (defaulting fills it from the template).
  selector: (obj) => selectorFromSet((obj as ReplicationController).spec?.selector ?? {}),
  template: (obj) => (obj as ReplicationController).spec?.template ?? undefined,
};
