// IP and CIDR syntax as Kubernetes 1.32 accepts it: Go 1.16's "sloppy" parser (k8s.io/utils/net),
// which still allows leading zeros in IPv4 octets ("010.0.0.1" is 10.0.0.1) and no IPv6 zones.
// Node's net.isIP differs on both counts, hence our own small parser.

import type { FieldError } from '../status.ts';

export interface ParsedIP {
  /** 16 bytes; an IPv4 address is stored IPv4-mapped (::ffff:a.b.c.d), as Go does. */
  bytes: Uint8Array;
}

const BIG = 0xffffff;

/** Decimal digits at the start of s: [value, digits consumed], or null when none / too big. */
function dtoi(s: string, from: number): [number, number] | null {
  let n = 0;
  let i = from;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
    if (n >= BIG) return null;
  }
  return i === from ? null : [n, i - from];
}

function xtoi(s: string, from: number): [number, number] | null {
  let n = 0;
  let i = from;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else break;
    n = n * 16 + d;
    if (n >= BIG) return null;
  }
  return i === from ? null : [n, i - from];
}

function parseIPv4(s: string): Uint8Array | null {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  let pos = 0;
  for (let i = 0; i < 4; i++) {
    if (pos >= s.length) return null;
    if (i > 0) {
      if (s[pos] !== '.') return null;
      pos++;
    }
    const r = dtoi(s, pos);
    if (!r || r[0] > 0xff) return null;
    out[12 + i] = r[0];
    pos += r[1];
  }
  return pos === s.length ? out : null;
}

function parseIPv6(input: string): Uint8Array | null {
  const ip = new Uint8Array(16);
  let s = input;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const r = xtoi(s, 0);
    if (!r || r[0] > 0xffff) return null;
    const [n, c] = r;
    if (c < s.length && s[c] === '.') {
      // Trailing IPv4, only in the last 4 bytes (or anywhere an ellipsis can pad).
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const v4 = parseIPv4(s);
      if (!v4) return null;
      ip.set(v4.subarray(12), i);
      i += 4;
      s = '';
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null; // an ellipsis must stand for at least one zero group
  }
  return ip;
}

/** Go's net.ParseIP (sloppy variant): the first '.' or ':' decides the family. */
export function parseIP(s: string): ParsedIP | null {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '.') {
      const b = parseIPv4(s);
      return b ? { bytes: b } : null;
    }
    if (s[i] === ':') {
      const b = parseIPv6(s);
      return b ? { bytes: b } : null;
    }
  }
  return null;
}

/** True when the address is IPv4 or IPv4-mapped IPv6 (Go's `ip.To4() != nil`). */
export function isIPv4(ip: ParsedIP): boolean {
  for (let i = 0; i < 10; i++) if (ip.bytes[i] !== 0) return false;
  return ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;
}

export interface ParsedCIDR {
  ip: ParsedIP;
  prefixLength: number;
  /** 32 for an address written as IPv4, 128 otherwise. */
  bits: number;
}

/** Go's net.ParseCIDR (sloppy variant). */
export function parseCIDR(s: string): ParsedCIDR | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bits = 32;
  let bytes = parseIPv4(addr);
  if (!bytes) {
    bits = 128;
    bytes = parseIPv6(addr);
  }
  const m = dtoi(mask, 0);
  if (!bytes || !m || m[1] !== mask.length || m[0] > bits) return null;
  return { ip: { bytes }, prefixLength: m[0], bits };
}

export function isValidIP(path: string, value: string): FieldError[] {
  if (parseIP(value)) return [];
  return [
    {
      type: 'FieldValueInvalid',
      field: path,
      value,
      detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    },
  ];
}

export function isValidIPv4Address(path: string, value: string): FieldError[] {
  const ip = parseIP(value);
  if (ip && isIPv4(ip)) return [];
  return [{ type: 'FieldValueInvalid', field: path, value, detail: 'must be a valid IPv4 address' }];
}

export function isValidIPv6Address(path: string, value: string): FieldError[] {
  const ip = parseIP(value);
  if (ip && !isIPv4(ip)) return [];
  return [{ type: 'FieldValueInvalid', field: path, value, detail: 'must be a valid IPv6 address' }];
}

export function isValidCIDR(path: string, value: string): FieldError[] {
  if (parseCIDR(value)) return [];
  return [
    {
      type: 'FieldValueInvalid',
      field: path,
      value,
      detail: 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    },
  ];
}
