// The error Go's encoding/json returns when unmarshalling `text` into map[string]interface{},
// for the few places where upstream puts that error in a validation message (docker config
// secrets). Common cases are worded exactly; rarer syntax errors get the same shape.

const JSON_TYPE: Record<string, string> = {
  object: 'object',
  string: 'string',
  number: 'number',
  boolean: 'bool',
};

/** undefined when `text` is a JSON object (or null), else Go's error text. */
export function goJsonObjectError(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed === '') return 'unexpected end of JSON input';
    const first = trimmed[0]!;
    if (!/[{["\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
    const literal = { n: 'null', t: 'true', f: 'false' }[first];
    if (literal) {
      for (let i = 1; i < literal.length; i++) {
        if (i >= trimmed.length) return 'unexpected end of JSON input';
        if (trimmed[i] !== literal[i]) {
          return `invalid character '${trimmed[i]}' in literal ${literal} (expecting '${literal[i]}')`;
        }
      }
    }
    return 'unexpected end of JSON input';
  }
  if (value === null || (typeof value === 'object' && !Array.isArray(value))) return undefined;
  const kind = Array.isArray(value) ? 'array' : (JSON_TYPE[typeof value] ?? typeof value);
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}
