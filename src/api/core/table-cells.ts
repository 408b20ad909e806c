// The `kubectl get` tables of the kinds that carry pods or pod templates, laid out as upstream's
// printers do: Name, the kind's own columns, Age, then (with -o wide) Containers, Images and the
// Selector. These printers describe Name and Age with ObjectMeta's own docs, word for word.
import type { Container } from 'kubernetes-types/core/v1.js';
import { age, column } from '../internal/table.ts';
import type { KubeObject, TableCell, TableColumn, TableDefinition } from '../strategy.ts';

/** `layoutContainerCells`: comma-separated container names and images. */
export function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = Array.isArray(containers) ? containers : [];
  return [list.map((c) => c?.name ?? '').join(','), list.map((c) => c?.image ?? '').join(',')];
}

/** `printBoolPtr`: True / False, `<unset>` when absent. */
export function boolCell(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: NAME_DESCRIPTION,
  priority: 0,
};
export const AGE_COLUMN: TableColumn = {
  name: 'Age',
  type: 'string',
  description: AGE_DESCRIPTION,
  priority: 0,
};
export const CONTAINERS_COLUMN = column('Containers', 'Names of each container in the template.', {
  priority: 1,
});
export const IMAGES_COLUMN = column('Images', 'Images referenced by each container in the template.', {
  priority: 1,
});

/** One of a kind's own columns, with the way to fill its cell. */
export type OwnColumn<T> = [column: TableColumn, cell: (obj: T, now: Date) => TableCell];

export interface WorkloadTable<T> {
  /** The kind's own columns, between Name and Age. */
  columns: OwnColumn<T>[];
  /** The containers of the pod template. */
  containers: (obj: T) => readonly Container[] | undefined;
  /** The wide Selector column, for kinds that have one. */
  selector?: { description: string; cell: (obj: T) => string };
}

/** A workload's table: Name, its own columns, Age, Containers, Images (and Selector). */
export function workloadTable<T extends KubeObject>(table: WorkloadTable<T>): TableDefinition<T> {
  const selector = table.selector;
  return {
    columns: [
      NAME_COLUMN,
      ...table.columns.map(([c]) => c),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      ...(selector ? [column('Selector', selector.description, { priority: 1 })] : []),
    ],
    row(obj, now) {
      const [names, images] = containerCells(table.containers(obj));
      return [
        obj.metadata?.name ?? '',
        ...table.columns.map(([, cell]) => cell(obj, now)),
        age(obj, now),
        names,
        images,
        ...(selector ? [selector.cell(obj)] : []),
      ];
    },
  };
}
