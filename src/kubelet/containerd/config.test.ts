import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerdLayout, renderContainerdConfig } from './config.ts';

test('default layout under /var/lib/kts/agent and /run/kts/containerd', () => {
  const l = containerdLayout();
  assert.equal(l.rootDir, '/var/lib/kts/agent/containerd');
  assert.equal(l.stateDir, '/run/kts/containerd');
  assert.equal(l.socket, '/run/kts/containerd/containerd.sock');
  assert.equal(l.runcRoot, '/run/kts/containerd/runc');
  assert.equal(l.netnsDir, '/run/kts/containerd/io.containerd.grpc.v1.cri/netns');
  assert.equal(l.cniConfDir, '/var/lib/kts/agent/etc/cni/net.d');
  assert.equal(l.cniBinDir, '/usr/lib/cni');
  assert.equal(l.registryConfigDir, '/var/lib/kts/agent/etc/containerd/certs.d');
});

test('the config sets what matters on these machines', () => {
  const l = containerdLayout({ agentDir: '/tmp/a', runDir: '/tmp/r', cniConfDir: '/tmp/cni' });
  const toml = renderContainerdConfig(l, { sandboxImage: 'kts.local/pause:3.10' });
  for (const line of [
    'version = 2',
    'root = "/tmp/a/containerd"',
    'state = "/tmp/r"',
    'address = "/tmp/r/containerd.sock"',
    'sandbox_image = "kts.local/pause:3.10"',
    'restrict_oom_score_adj = true',
    'disable_apparmor = true',
    'netns_mounts_under_state_dir = true',
    'snapshotter = "overlayfs"',
    'runtime_type = "io.containerd.runc.v2"',
    'SystemdCgroup = false',
    'Root = "/tmp/r/runc"',
    'bin_dir = "/usr/lib/cni"',
    'conf_dir = "/tmp/cni"',
    'path = "/tmp/a/containerd/opt"',
    'config_path = "/tmp/a/etc/containerd/certs.d"',
  ]) {
    assert.ok(toml.includes(line), line);
  }
});
