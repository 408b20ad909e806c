// `$(VAR)` references in env values, command and args, expanded as upstream does: `$$` is an
// escaped `$`, a reference to an unknown variable stays as written, an unclosed `$(` stays too.

/** Looks a name up in the first map that has it; unknown names are written back as `$(NAME)`. */
export function mappingFor(...contexts: ReadonlyMap<string, string>[]): (name: string) => string {
  return (name) => {
    for (const context of contexts) {
      const value = context.get(name);
      if (value !== undefined) return value;
    }
    return `$(${name})`;
  };
}

export function expand(input: string, mapping: (name: string) => string): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    if (next === '$') {
      out += '$';
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close === -1) {
        out += '$(';
        cursor += 1;
      } else {
        out += mapping(input.slice(cursor + 2, close));
        cursor = close;
      }
    } else {
      out += `$${next}`;
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** ExpandContainerCommandAndArgs: command and args with the container's environment. */
export function expandCommandAndArgs(
  command: string[] | undefined,
  args: string[] | undefined,
  env: ReadonlyArray<{ name: string; value: string }>,
): { command: string[]; args: string[] } {
  const mapping = mappingFor(new Map(env.map((e) => [e.name, e.value])));
  return {
    command: (command ?? []).map((c) => expand(c, mapping)),
    args: (args ?? []).map((a) => expand(a, mapping)),
  };
}
