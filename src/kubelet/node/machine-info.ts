// What the node is made of, read from the host (upstream gets it from cAdvisor): CPUs, memory,
// the file system that holds the kubelet's root dir, boot and machine ids, kernel, OS image and
// architecture. Each read is forgiving: a missing file gives an empty value, never a failure.
import { readFileSync, statfsSync } from 'node:fs';
import { arch, cpus, hostname, release } from 'node:os';

export interface MachineInfo {
  cpus: number;
  /** MemTotal in bytes. */
  memoryBytes: number;
  /** Size of the file system holding the kubelet's root dir, in bytes. */
  fsCapacityBytes: number;
  bootID: string;
  machineID: string;
  systemUUID: string;
  kernelVersion: string;
  osImage: string;
  /** Go's GOARCH spelling: amd64, arm64… */
  architecture: string;
  hostname: string;
}

const GO_ARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

export function goArch(nodeArch = arch()): string {
  return GO_ARCH[nodeArch] ?? nodeArch;
}

function readTrimmed(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

/** `MemTotal:  16384000 kB` → bytes. Pure. */
export function parseMemTotal(meminfo: string): number {
  const m = /^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo);
  return m ? Number(m[1]) * 1024 : 0;
}

/** MemAvailable in bytes (what the eviction manager calls memory.available, roughly). Pure. */
export function parseMemAvailable(meminfo: string): number {
  const m = /^MemAvailable:\s+(\d+)\s*kB/m.exec(meminfo);
  return m ? Number(m[1]) * 1024 : 0;
}

/** PRETTY_NAME from /etc/os-release text, e.g. `Debian GNU/Linux 12 (bookworm)`. Pure. */
export function parseOsImage(osRelease: string): string {
  const m = /^PRETTY_NAME=(?:"([^"]*)"|(.*))$/m.exec(osRelease);
  return (m?.[1] ?? m?.[2] ?? 'Linux').trim();
}

export function readMachineInfo(rootDir: string): MachineInfo {
  let fsCapacityBytes = 0;
  try {
    const fs = statfsSync(rootDir);
    fsCapacityBytes = Number(fs.blocks) * Number(fs.bsize);
  } catch {
    // The root dir is created before this is read; a failure leaves the capacity at 0.
  }
  return {
    cpus: cpus().length,
    memoryBytes: parseMemTotal(readTrimmed('/proc/meminfo')),
    fsCapacityBytes,
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id'),
    machineID: readTrimmed('/etc/machine-id') || readTrimmed('/var/lib/dbus/machine-id'),
    systemUUID: readTrimmed('/sys/class/dmi/id/product_uuid'),
    kernelVersion: release(),
    osImage: parseOsImage(readTrimmed('/etc/os-release')),
    architecture: goArch(),
    hostname: hostname().toLowerCase(),
  };
}

/** What the node has free right now, for the pressure conditions. */
export interface NodeUsage {
  memoryAvailableBytes: number;
  fsAvailableBytes: number;
  fsCapacityBytes: number;
  inodesFree: number;
  inodes: number;
  /** Processes running on the host and the kernel's limit (pid_max). */
  pids: number;
  pidMax: number;
}

export function readNodeUsage(rootDir: string): NodeUsage {
  let fsAvailableBytes = 0;
  let fsCapacityBytes = 0;
  let inodesFree = 0;
  let inodes = 0;
  try {
    const fs = statfsSync(rootDir);
    fsAvailableBytes = Number(fs.bavail) * Number(fs.bsize);
    fsCapacityBytes = Number(fs.blocks) * Number(fs.bsize);
    inodesFree = Number(fs.ffree);
    inodes = Number(fs.files);
  } catch {
    // Unknown usage counts as no pressure.
  }
  const loadavg = readTrimmed('/proc/loadavg').split(' ')[3] ?? '';
  return {
    memoryAvailableBytes: parseMemAvailable(readTrimmed('/proc/meminfo')),
    fsAvailableBytes,
    fsCapacityBytes,
    inodesFree,
    inodes,
    pids: Number(loadavg.split('/')[1] ?? 0) || 0,
    pidMax: Number(readTrimmed('/proc/sys/kernel/pid_max')) || 0,
  };
}
