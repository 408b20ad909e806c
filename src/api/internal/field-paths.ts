// Field paths as upstream builds them (`path.Child("x").Index(0).Key("k")`), so each validator
// reads like the rule it follows. Paths are plain strings: `spec.ports[0].name`, `data[key]`,
// `spec.containers[0].resources.limits[cpu]`.

/** `path.Child(a, b)`: dotted children; an empty root yields just the children. */
export function child(path: string, name: string, second?: string, third?: string): string {
  // Hot (every validated field): fixed parameters rather than a rest array, empty names skipped.
  const out = name === '' ? path : path === '' ? name : `${path}.${name}`;
  return second === undefined ? out : child(out, second, third);
}

/** `path.Index(i)`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path.Key(k)`: upstream prints map keys bare inside brackets. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
