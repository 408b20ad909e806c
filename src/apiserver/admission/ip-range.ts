// IPv4 CIDR arithmetic for the service IP range. Pure.

export interface Ipv4Range {
  cidr: string;
  /** First and last address as 32-bit numbers (network and broadcast included). */
  base: number;
  size: number;
}

export function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): Ipv4Range {
  const [ip, bits] = cidr.split('/');
  const base = ipToNumber(ip ?? '');
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) {
    throw new Error(`invalid IPv4 CIDR ${JSON.stringify(cidr)} (want e.g. 10.43.0.0/16, prefix 8..30)`);
  }
  const size = 2 ** (32 - prefix);
  const mask = (0xffffffff - (size - 1)) >>> 0;
  return { cidr, base: (base & mask) >>> 0, size };
}

export function rangeContains(range: Ipv4Range, ip: string): boolean {
  const n = ipToNumber(ip);
  return n !== undefined && n >= range.base && n < range.base + range.size;
}

/** Allocatable addresses: the range minus its network and broadcast addresses. */
export function allocatableCount(range: Ipv4Range): number {
  return range.size - 2;
}

/** The n-th allocatable address (0-based), i.e. base + 1 + n. */
export function allocatableAt(range: Ipv4Range, n: number): string {
  return numberToIp(range.base + 1 + n);
}

/** The `kubernetes` Service's address: the first address of the range (10.43.0.1). */
export function firstServiceIp(range: Ipv4Range): string {
  return allocatableAt(range, 0);
}
