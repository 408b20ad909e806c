// Pieces shared by the `kubectl get` tables of the built-in kinds: the Name and Age columns, and
// the default table (Name, Created At) that upstream serves for kinds without a printer (Roles,
// LimitRanges). Ages, labels and selectors are rendered by machinery, as upstream's printers do.
import { formatAge } from '../../machinery/time.ts';
import type { KubeObject, TableCell, TableColumn, TableDefinition } from '../strategy.ts';

export { formatLabelSelector } from '../../machinery/label-selector.ts';
export { formatLabels } from '../../machinery/label-set.ts';
export { humanDuration } from '../../machinery/time.ts';

export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace; the name of the object.',
  priority: 0,
};

export const AGE_COLUMN: TableColumn = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is the server time when this object was created (RFC 3339, UTC).',
  priority: 0,
};

/** A column with the common defaults: string cells, shown without `-o wide`. */
export function column(name: string, description: string, extra: Partial<TableColumn> = {}): TableColumn {
  return { name, type: 'string', description, priority: 0, ...extra };
}

/** `translateTimestampSince`: the age of a timestamp, `<unknown>` when absent. */
export function since(timestamp: string | undefined | null, now: Date): string {
  return formatAge(timestamp, now.getTime());
}

/** The Age cell of an object. */
export function age(obj: KubeObject, now: Date): string {
  return since(obj.metadata?.creationTimestamp, now);
}

/**
 * The table upstream's default table convertor serves for kinds without a printer:
 * Name and "Created At" (an RFC 3339 date kubectl turns into an age).
 */
export function createdAtTable<T extends KubeObject>(): TableDefinition<T> {
  return {
    columns: [
      NAME_COLUMN,
      {
        name: 'Created At',
        type: 'date',
        description: AGE_COLUMN.description,
        priority: 0,
      },
    ],
    row: (obj): TableCell[] => [obj.metadata?.name ?? '', rfc3339(obj.metadata?.creationTimestamp)],
  };
}

/** Time as Go's `time.RFC3339` prints a UTC time: seconds precision, `Z`. */
export function rfc3339(timestamp: string | undefined): string {
  if (!timestamp) return '0001-01-01T00:00:00Z';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return timestamp;
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
