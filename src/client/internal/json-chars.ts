// The character codes of JSON's structure, shared by the scanners that step over JSON text
// without parsing it (json-scan.ts over strings, managed-fields-bytes.ts over UTF-8 bytes: the
// structural characters are ASCII, so their codes are the same in both).

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

/** JSON's insignificant whitespace: space, line feed, carriage return, tab. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
