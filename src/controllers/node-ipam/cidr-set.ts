// A cluster CIDR cut into equal node subnets (upstream's cidrset): 10.42.0.0/16 gives 256
// /24s. Allocation walks forward from the last one handed out, so a released subnet is not
// reused at once; subnets already on nodes are marked used when the allocator starts.

export class CidrParseError extends Error {}

function parseIPv4(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new CidrParseError(`invalid IPv4 address: ${ip}`);
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new CidrParseError(`invalid IPv4 address: ${ip}`);
    n = n * 256 + Number(p);
  }
  return n;
}

function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseCidr(cidr: string): { base: number; prefix: number } {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!ip || bits === undefined || !/^\d+$/.test(bits) || prefix > 32)
    throw new CidrParseError(`invalid CIDR address: ${cidr}`);
  const addr = parseIPv4(ip);
  const size = 2 ** (32 - prefix);
  return { base: addr - (addr % size), prefix };
}

export class CidrSet {
  readonly clusterCidr: string;
  readonly nodeMaskSize: number;
  readonly #base: number;
  readonly #subnetSize: number;
  readonly #used: Uint8Array;
  #next = 0;
  #allocated = 0;

  constructor(clusterCidr: string, nodeMaskSize = 24) {
    const { base, prefix } = parseCidr(clusterCidr);
    if (nodeMaskSize < prefix)
      throw new CidrParseError(
        `the node mask /${nodeMaskSize} is bigger than the cluster CIDR ${clusterCidr}`,
      );
    if (nodeMaskSize - prefix > 16)
      throw new CidrParseError(`the cluster CIDR ${clusterCidr} holds too many /${nodeMaskSize} subnets`);
    this.clusterCidr = clusterCidr;
    this.nodeMaskSize = nodeMaskSize;
    this.#base = base;
    this.#subnetSize = 2 ** (32 - nodeMaskSize);
    this.#used = new Uint8Array(2 ** (nodeMaskSize - prefix));
  }

  get capacity(): number {
    return this.#used.length;
  }

  get allocated(): number {
    return this.#allocated;
  }

  /** The next free subnet, or undefined when all are taken. */
  allocateNext(): string | undefined {
    for (let i = 0; i < this.#used.length; i++) {
      const index = (this.#next + i) % this.#used.length;
      if (this.#used[index]) continue;
      this.#used[index] = 1;
      this.#allocated++;
      this.#next = (index + 1) % this.#used.length;
      return this.#format(index);
    }
    return undefined;
  }

  /** Marks a subnet used (one a node already has). False when it is not one of ours. */
  occupy(cidr: string): boolean {
    const index = this.#indexOf(cidr);
    if (index === undefined) return false;
    if (!this.#used[index]) {
      this.#used[index] = 1;
      this.#allocated++;
    }
    return true;
  }

  release(cidr: string): void {
    const index = this.#indexOf(cidr);
    if (index === undefined || !this.#used[index]) return;
    this.#used[index] = 0;
    this.#allocated--;
  }

  #format(index: number): string {
    return `${formatIPv4(this.#base + index * this.#subnetSize)}/${this.nodeMaskSize}`;
  }

  #indexOf(cidr: string): number | undefined {
    let parsed: { base: number; prefix: number };
    try {
      parsed = parseCidr(cidr);
    } catch {
      return undefined;
    }
    if (parsed.prefix !== this.nodeMaskSize) return undefined;
    const offset = parsed.base - this.#base;
    if (offset < 0 || offset % this.#subnetSize !== 0) return undefined;
    const index = offset / this.#subnetSize;
    return index < this.#used.length ? index : undefined;
  }
}
