import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ClusterDNS, parseResolvConf, podDnsConfig, podHostname } from './dns.ts';
import { pod } from './test-fixtures.ts';

const host = parseResolvConf(
  '# comment\nnameserver 192.0.2.53\nsearch example.com. corp.example.com\noptions ndots:2 rotate\n',
);
const cluster: ClusterDNS = { servers: ['10.43.0.10'], domain: 'cluster.local', host };

test('resolv.conf parsing', () => {
  assert.deepEqual(host, {
    nameservers: ['192.0.2.53'],
    searches: ['example.com', 'corp.example.com'],
    options: ['ndots:2', 'rotate'],
  });
});

test('ClusterFirst: cluster DNS, namespace search paths then the host ones, ndots:5', () => {
  const { config } = podDnsConfig(pod({}, { namespace: 'shop' }), cluster);
  assert.deepEqual(config, {
    servers: ['10.43.0.10'],
    searches: [
      'shop.svc.cluster.local',
      'svc.cluster.local',
      'cluster.local',
      'example.com',
      'corp.example.com',
    ],
    options: ['ndots:5'],
  });
});

test('host network and Default use the host; None uses only dnsConfig; dnsConfig merges', () => {
  assert.deepEqual(podDnsConfig(pod({ hostNetwork: true }), cluster).config.servers, ['192.0.2.53']);
  assert.deepEqual(
    podDnsConfig(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), cluster).config.servers,
    ['10.43.0.10'],
  );
  assert.deepEqual(podDnsConfig(pod({ dnsPolicy: 'Default' }), cluster).config.options, [
    'ndots:2',
    'rotate',
  ]);
  const none = podDnsConfig(
    pod({
      dnsPolicy: 'None',
      dnsConfig: {
        nameservers: ['1.1.1.1'],
        searches: ['a.b'],
        options: [{ name: 'ndots', value: '1' }, { name: 'edns0' }],
      },
    }),
    cluster,
  );
  assert.deepEqual(none.config, { servers: ['1.1.1.1'], searches: ['a.b'], options: ['ndots:1', 'edns0'] });
  const merged = podDnsConfig(
    pod({ dnsConfig: { options: [{ name: 'ndots', value: '2' }] } }),
    cluster,
  ).config;
  assert.deepEqual(merged.options, ['ndots:2']);
});

test('no cluster DNS falls back to the host with a MissingClusterDNS warning; limits are enforced', () => {
  const r = podDnsConfig(pod(), { servers: [], domain: 'cluster.local', host });
  assert.deepEqual(r.config.servers, ['192.0.2.53']);
  assert.equal(r.warnings[0]?.reason, 'MissingClusterDNS');
  const noHost = podDnsConfig(pod({ dnsPolicy: 'Default' }), { servers: [], domain: 'cluster.local' });
  assert.deepEqual(noHost.config, { servers: ['127.0.0.1'], searches: ['.'], options: [] });
  const many = podDnsConfig(
    pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4'] } }),
    cluster,
  );
  assert.deepEqual(many.config.servers, ['1.1.1.1', '1.1.1.2', '1.1.1.3']);
  assert.equal(many.warnings[0]?.reason, 'DNSConfigForming');
});

test('hostname, subdomain, FQDN and truncation', () => {
  assert.deepEqual(podHostname(pod(), 'cluster.local'), { hostname: 'web', domain: '' });
  assert.deepEqual(podHostname(pod({ hostname: 'h', subdomain: 'sub' }), 'cluster.local'), {
    hostname: 'h',
    domain: 'sub.default.svc.cluster.local',
  });
  assert.equal(
    podHostname(pod({ hostname: 'h', subdomain: 'sub', setHostnameAsFQDN: true }), 'cluster.local').hostname,
    'h.sub.default.svc.cluster.local',
  );
  const long = `${'a'.repeat(62)}-b`;
  assert.equal(podHostname(pod({}, { name: `${long}cd` }), 'cluster.local').hostname, 'a'.repeat(62));
  assert.throws(
    () => podHostname(pod({ hostname: 'Bad_Name' }), 'cluster.local'),
    /pod Hostname "Bad_Name" is not a valid DNS label/,
  );
  assert.throws(
    () =>
      podHostname(
        pod({ hostname: 'x'.repeat(40), subdomain: 'y'.repeat(20), setHostnameAsFQDN: true }),
        'cluster.local',
      ),
    /FQDN .* is too long \(64 characters is the max, 87 characters requested\)/,
  );
});
