// Where kts's own containerd keeps its things, and the config file that says so. Pure: the
// supervisor writes the text this returns. Settings that matter on these machines are explained
// in /work/shared/RUNTIME-NOTES.md; each is commented where it is set.
import { join } from 'node:path';

/** The CRI plugin of containerd 1.6 always works in this containerd namespace. */
export const CRI_NAMESPACE = 'k8s.io';

export interface ContainerdLayout {
  /** Persistent data: content store, snapshots, metadata (`root`). */
  rootDir: string;
  /** Volatile state: sockets, task bundles, runc state, network namespaces (`state`). */
  stateDir: string;
  /** The gRPC socket the CRI client talks to. */
  socket: string;
  /** The config file written for containerd. */
  configFile: string;
  /** containerd's own log. */
  logFile: string;
  /** The PID of the containerd kts started, to stop or replace it by PID. */
  pidFile: string;
  /** runc's state root (containerd appends the namespace). Ours, not /run/containerd/runc. */
  runcRoot: string;
  /** Where the CRI plugin mounts pod network namespaces (netns_mounts_under_state_dir). */
  netnsDir: string;
  /** The CNI network config directory the CRI plugin reads. */
  cniConfDir: string;
  /** The CNI plugin binaries. */
  cniBinDir: string;
  /**
   * containerd's registry hosts directory (`config_path`): `<host[:port]>/hosts.toml` per
   * registry, for mirrors, plain-HTTP or self-signed registries and client certificates.
   */
  registryConfigDir: string;
}

/** Defaults as the brief gives them: data under /var/lib/kts/agent, volatile state under /run/kts. */
export const DEFAULT_AGENT_DIR = '/var/lib/kts/agent';
export const DEFAULT_CONTAINERD_RUN_DIR = '/run/kts/containerd';

export function containerdLayout(
  options: { agentDir?: string; runDir?: string; cniConfDir?: string; cniBinDir?: string } = {},
): ContainerdLayout {
  const agentDir = options.agentDir ?? DEFAULT_AGENT_DIR;
  const runDir = options.runDir ?? DEFAULT_CONTAINERD_RUN_DIR;
  const rootDir = join(agentDir, 'containerd');
  return {
    rootDir,
    stateDir: runDir,
    socket: join(runDir, 'containerd.sock'),
    configFile: join(agentDir, 'etc', 'containerd', 'config.toml'),
    logFile: join(rootDir, 'containerd.log'),
    pidFile: join(runDir, 'containerd.pid'),
    runcRoot: join(runDir, 'runc'),
    // The CRI plugin's state dir is <state>/io.containerd.grpc.v1.cri; netns go in its `netns`.
    netnsDir: join(runDir, 'io.containerd.grpc.v1.cri', 'netns'),
    cniConfDir: options.cniConfDir ?? join(agentDir, 'etc', 'cni', 'net.d'),
    cniBinDir: options.cniBinDir ?? '/usr/lib/cni',
    registryConfigDir: join(agentDir, 'etc', 'containerd', 'certs.d'),
  };
}

export interface ContainerdConfigOptions {
  /** The pod sandbox ("pause") image; it must already be imported: nothing is pulled. */
  sandboxImage: string;
  /** containerd's log level (`info` unless asked). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

const str = (s: string) => JSON.stringify(s);

export function renderContainerdConfig(layout: ContainerdLayout, options: ContainerdConfigOptions): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `# Written by kts: changes are overwritten at the next start.
version = 2
root = ${str(layout.rootDir)}
state = ${str(layout.stateDir)}
# Snapshotters kts does not use; disabled so that their probing neither slows nor fails the start.
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]

[grpc]
  address = ${str(layout.socket)}

[debug]
  level = ${str(options.logLevel ?? 'info')}

[plugins."io.containerd.internal.v1.opt"]
  # Default is /opt/containerd, shared with any other containerd on the host.
  path = ${str(join(layout.rootDir, 'opt'))}

[${cri}]
  sandbox_image = ${str(options.sandboxImage)}
  # Without CAP_SYS_RESOURCE the sandbox's oom_score_adj -998 cannot be written and every
  # RunPodSandbox fails in runc; this clamps it to what we may set.
  restrict_oom_score_adj = true
  # No AppArmor on these kernels.
  disable_apparmor = true
  # Network namespaces under our state dir instead of the shared /var/run/netns.
  netns_mounts_under_state_dir = true
  # Exec/attach/port-forward streams: loopback only, a free port.
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  max_container_log_line_size = 16384

[${cri}.registry]
  # Registries are configured by the files in this directory (containerd's hosts.toml format),
  # which users edit; without a file for a host, pulls use HTTPS to the host itself.
  config_path = ${str(layout.registryConfigDir)}

[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"

[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[${cri}.containerd.runtimes.runc.options]
  # cgroupfs driver: systemd is not running on these hosts.
  SystemdCgroup = false
  # runc's state under our state dir, not the shared /run/containerd/runc.
  Root = ${str(layout.runcRoot)}

[${cri}.cni]
  bin_dir = ${str(layout.cniBinDir)}
  conf_dir = ${str(layout.cniConfDir)}
  max_conf_num = 1
`;
}
