// Reads what `kubectl get` prints: kubectl aligns the server's Table with a tabwriter, so every
// cell starts at its header's column; cells are cut at those offsets (empty cells stay empty).
// Ages vary from run to run, so `maskAges` replaces them before exact comparisons.

export type Row = Record<string, string>;

/** Column start offsets of a header line (headers are single words, separated by 3+ spaces). */
function columns(header: string): { name: string; start: number }[] {
  const out: { name: string; start: number }[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(header); m; m = re.exec(header)) out.push({ name: m[0], start: m.index });
  return out;
}

/** The rows of a table printed by kubectl (the first line is the header). */
export function parseTable(output: string): Row[] {
  const lines = output.split('\n').filter((l) => l.length > 0);
  if (lines.length === 0) return [];
  const cols = columns(lines[0]!);
  return lines.slice(1).map((line) => {
    const row: Row = {};
    cols.forEach((col, i) => {
      const end = i + 1 < cols.length ? cols[i + 1]!.start : undefined;
      row[col.name] = line.slice(col.start, end).trim();
    });
    return row;
  });
}

/** The header words of a table, in order. */
export function headerOf(output: string): string[] {
  return columns(output.split('\n')[0] ?? '').map((c) => c.name);
}

/** Ages as kubectl prints them (`5s`, `3m12s`, `2d`, `<invalid>`). */
export const AGE = /^(?:\d+[smhdy])+$|^<invalid>$/;

/** Replaces each AGE cell by `<age>` after checking it looks like one. */
export function maskAges(rows: Row[], column = 'AGE'): Row[] {
  return rows.map((row) => {
    const age = row[column];
    if (age === undefined) return row;
    if (!AGE.test(age)) throw new Error(`not an age: ${JSON.stringify(age)} in ${JSON.stringify(row)}`);
    return { ...row, [column]: '<age>' };
  });
}
