// `kubectl get` tables of custom resources, from a CRD version's additionalPrinterColumns, as
// upstream's CR table convertor builds them: a Name column, then each declared column, cells
// typed by the column's type (integer, number, boolean, date as an age, string as JSONPath
// prints it). A version without columns gets an Age column.
import type { CustomResourceColumnDefinition } from 'kubernetes-types/apiextensions/v1.d.ts';
import { AGE_COLUMN, NAME_COLUMN } from '../../api/core/table-cells.ts';
import type { KubeObject, TableCell, TableColumn, TableDefinition } from '../../api/strategy.ts';
import {
  compileColumnPath,
  evaluateColumnPath,
  type JSONPathTemplate,
  printValue,
} from '../../machinery/jsonpath.ts';
import { humanDuration, instantToMillis, parseTime } from '../../machinery/time.ts';

const AGE: CustomResourceColumnDefinition = {
  name: 'Age',
  type: 'date',
  description: AGE_COLUMN.description,
  jsonPath: '.metadata.creationTimestamp',
};

/** A date cell: the age of the timestamp, `<unknown>` for an empty one, `<invalid>` for text that is no RFC 3339 time. */
function dateCell(value: string, now: Date): string {
  if (value === '' || value === 'null') return '<unknown>';
  try {
    return humanDuration(now.getTime() - instantToMillis(parseTime(value)));
  } catch {
    return '<invalid>';
  }
}

/** upstream's cellForJSONValue: the value as the column's type, or null (kubectl prints `<none>`). */
export function columnCell(type: string, value: unknown, now: Date): TableCell {
  if (value === undefined) return null;
  if (type === 'string') return value === null ? '<no value>' : printValue(value);
  if (value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? dateCell(value, now) : null;
    default:
      return null;
  }
}

/** The table of one CRD version (its additionalPrinterColumns, or Age alone). */
export function printerColumnsTable(
  declared: readonly CustomResourceColumnDefinition[] | undefined,
): TableDefinition {
  const specs = declared?.length ? declared : [AGE];
  const compiled: { type: string; path: JSONPathTemplate | undefined }[] = [];
  const columns: TableColumn[] = [NAME_COLUMN];
  for (const c of specs) {
    let path: JSONPathTemplate | undefined;
    try {
      path = compileColumnPath(c.jsonPath);
    } catch {
      path = undefined; // upstream refuses such a CRD; a column that cannot parse stays empty
    }
    compiled.push({ type: c.type, path });
    columns.push({
      name: c.name,
      type: c.type as TableColumn['type'],
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    });
  }
  return {
    columns,
    row(obj: KubeObject, now: Date): TableCell[] {
      const cells: TableCell[] = [obj.metadata?.name ?? ''];
      for (const c of compiled)
        cells.push(c.path ? columnCell(c.type, evaluateColumnPath(c.path, obj), now) : null);
      return cells;
    },
  };
}
