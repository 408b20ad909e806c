import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostNetworkHostsFile, managedHostsFile } from './hosts-file.ts';

test('managed /etc/hosts for pod-network pods', () => {
  assert.equal(
    managedHostsFile(['10.42.0.5'], 'web', 'sub.default.svc.cluster.local', [
      { ip: '10.0.0.1', hostnames: ['foo', 'bar'] },
    ]),
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n' +
      'fe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
      '10.42.0.5\tweb.sub.default.svc.cluster.local\tweb\n\n# Entries added by HostAliases.\n10.0.0.1\tfoo\tbar\n',
  );
  assert.match(managedHostsFile(['10.42.0.5'], 'web', ''), /\n10\.42\.0\.5\tweb\n$/);
});

test('host-network pods get the node hosts file plus aliases', () => {
  assert.equal(
    hostNetworkHostsFile('127.0.0.1 localhost\n'),
    '# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n',
  );
});
