// What ReplicaSets (apps/v1) and ReplicationControllers (core/v1) share: both keep `spec.replicas`
// pods running, count them the same way in status, and print the same table. Their differences
// stay with each kind: an RC's selector is a plain label map that defaults from the template's
// labels and may change; a ReplicaSet's is a LabelSelector and is immutable.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import {
  AGE_COLUMN,
  age,
  CONTAINERS_COLUMN,
  column,
  containerCells,
  IMAGES_COLUMN,
  NAME_COLUMN,
} from '../../core/table-cells.ts';
import type { KubeObject, TableDefinition } from '../../strategy.ts';
import { type FieldError, validateReplicaStatus } from './validation.ts';

/** The part of a ReplicaSet or ReplicationController these helpers read. */
export interface ReplicaSetLike extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplateSpec };
  status?: { replicas?: number; readyReplicas?: number };
}

/** The status counters of both kinds: non-negative, and none above `status.replicas`. */
export function validateReplicaSetStatus(status: Record<string, any> | undefined): FieldError[] {
  return validateReplicaStatus(
    status,
    ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
    ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
    'cannot be greater than readyReplicas',
  );
}

/** `status.replicas` is a field selector of both kinds. */
export const replicasFieldSelector = (obj: ReplicaSetLike): Record<string, string> => ({
  'status.replicas': String(obj.status?.replicas ?? 0),
});

/** The column descriptions, which upstream takes from each kind's own field docs. */
export interface ReplicaSetColumnDocs {
  desired: string;
  current: string;
  ready: string;
  selector: string;
}

/** Name, Desired, Current, Ready, Age, then (wide) Containers, Images and Selector. */
export function replicaSetTable<T extends ReplicaSetLike>(
  docs: ReplicaSetColumnDocs,
  selectorCell: (obj: T) => string,
): TableDefinition<T> {
  return {
    columns: [
      NAME_COLUMN,
      column('Desired', 'integer', docs.desired),
      column('Current', 'integer', docs.current),
      column('Ready', 'integer', docs.ready),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column('Selector', 'string', docs.selector, 1),
    ],
    row(obj, now) {
      const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
      return [
        obj.metadata?.name ?? '',
        obj.spec?.replicas ?? 0,
        obj.status?.replicas ?? 0,
        obj.status?.readyReplicas ?? 0,
        age(obj.metadata?.creationTimestamp, now),
        names,
        images,
        selectorCell(obj),
      ];
    },
  };
}
