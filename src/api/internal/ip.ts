// IP checks the kind validators need beyond machinery's IsValidIP/IsValidCIDR:
// upstream's `ValidateNonSpecialIP` (Endpoints, EndpointSlices, external IPs) and the
// dual-stack test (`netutils.IsDualStackIPStrings`) used for clusterIPs and podCIDRs.

import type { FieldError } from '../../machinery/status.ts';
import { invalid } from '../../machinery/validation/field-errors.ts';
import { isIPv4, type ParsedIP, parseCIDR, parseIP } from '../../machinery/validation/ip.ts';

export { isIPv4, isValidCIDR, isValidIP, parseCIDR, parseIP } from '../../machinery/validation/ip.ts';

/** True when `s` parses as an address that is not IPv4 (Go's `netutils.IsIPv6String`). */
export function isIPv6String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== null && !isIPv4(ip);
}

/** `ValidateNonSpecialIP`: no unspecified, loopback or link-local addresses. */
export function validateNonSpecialIP(field: string, value: string): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [invalid(field, value, 'must be a valid IP address')];
  const b = ip.bytes;
  const v4 = isIPv4(ip);
  const a = v4 ? b.slice(12) : b;
  const errs: FieldError[] = [];
  const unspecified = a.every((x) => x === 0);
  const loopback = v4 ? a[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocal = v4 ? a[0] === 169 && a[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  const linkLocalMulticast = v4
    ? a[0] === 224 && a[1] === 0 && a[2] === 0
    : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(field, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(field, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal)
    errs.push(invalid(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) {
    errs.push(
      invalid(field, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'),
    );
  }
  return errs;
}

function familyCount(ips: (ParsedIP | null)[]): { v4: number; v6: number } | undefined {
  let v4 = 0;
  let v6 = 0;
  for (const ip of ips) {
    if (!ip) return undefined;
    if (isIPv4(ip)) v4++;
    else v6++;
  }
  return { v4, v6 };
}

/** `netutils.IsDualStackIPStrings`: at least one address of each family. */
export function isDualStackIPs(values: readonly string[]): boolean {
  const c = familyCount(values.map(parseIP));
  return c !== undefined && c.v4 > 0 && c.v6 > 0;
}

/** `netutils.IsDualStackCIDRStrings`. */
export function isDualStackCIDRs(values: readonly string[]): boolean {
  const c = familyCount(values.map((v) => parseCIDR(v)?.ip ?? null));
  return c !== undefined && c.v4 > 0 && c.v6 > 0;
}
