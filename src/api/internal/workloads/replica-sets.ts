// What ReplicaSets (apps/v1) and ReplicationControllers (core/v1) share: both keep `spec.replicas`
// pods running, count them the same way in status, and print the same table. Their differences
// stay with each kind: an RC's selector is a plain label map that defaults from the template's
// labels and may change; a ReplicaSet's is a LabelSelector and is immutable.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { workloadTable } from '../../core/table-cells.ts';
import type { KubeObject, TableDefinition } from '../../strategy.ts';
import { column } from '../table.ts';
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
  return workloadTable<T>({
    columns: [
      [column('Desired', docs.desired, { type: 'integer' }), (obj) => obj.spec?.replicas ?? 0],
      [column('Current', docs.current, { type: 'integer' }), (obj) => obj.status?.replicas ?? 0],
      [column('Ready', docs.ready, { type: 'integer' }), (obj) => obj.status?.readyReplicas ?? 0],
    ],
    containers: (obj) => obj.spec?.template?.spec?.containers,
    selector: { description: docs.selector, cell: selectorCell },
  });
}
