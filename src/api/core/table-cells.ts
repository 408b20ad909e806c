// Cell formatting shared by the `kubectl get` tables of pod-bearing kinds, as upstream's printers
// write them: ages (translateTimestampSince), container name/image lists, booleans.
import type { Container } from 'kubernetes-types/core/v1.js';
import { formatAge } from '../../machinery/time.ts';
import type { TableColumn } from '../strategy.ts';

export { humanDuration } from '../../machinery/time.ts';

/** `translateTimestampSince`: the age of `timestamp` at `now`, `<unknown>` when unset. */
export function age(timestamp: string | null | undefined, now: Date): string {
  return formatAge(timestamp, now.getTime());
}

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
export const CONTAINERS_COLUMN: TableColumn = {
  name: 'Containers',
  type: 'string',
  description: 'Names of each container in the template.',
  priority: 1,
};
export const IMAGES_COLUMN: TableColumn = {
  name: 'Images',
  type: 'string',
  description: 'Images referenced by each container in the template.',
  priority: 1,
};

/** A column in one line. */
export function column(
  name: string,
  type: TableColumn['type'],
  description: string,
  priority = 0,
): TableColumn {
  return { name, type, description, priority };
}
