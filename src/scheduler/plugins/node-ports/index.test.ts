import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterAll, node, pod, snapshot } from '../../testing/builders.ts';
import { newNodePorts } from './index.ts';

test('NodePorts: a host port in use on the node keeps the pod off', () => {
  const snap = snapshot([node('n1'), node('n2')], [pod('a', { node: 'n1', hostPorts: [8080] })]);
  assert.deepEqual(filterAll(newNodePorts(), pod('p', { hostPorts: [8080] }), snap), {
    n1: "Unschedulable: node(s) didn't have free ports for the requested pod ports",
    n2: '',
  });
  assert.deepEqual(filterAll(newNodePorts(), pod('p', { hostPorts: [9090] }), snap), { n1: '', n2: '' });
});

test('NodePorts: specific host IPs only collide with the same IP or the wildcard', () => {
  const used = pod('a', { node: 'n1' });
  used.spec!.containers[0]!.ports = [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }];
  const snap = snapshot([node('n1')], [used]);
  const other = pod('p');
  other.spec!.containers[0]!.ports = [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }];
  assert.deepEqual(filterAll(newNodePorts(), other, snap), { n1: '' });
  const udp = pod('p');
  udp.spec!.containers[0]!.ports = [{ containerPort: 80, hostPort: 80, protocol: 'UDP' }];
  assert.deepEqual(filterAll(newNodePorts(), udp, snap), { n1: '' });
  assert.deepEqual(filterAll(newNodePorts(), pod('p', { hostPorts: [80] }), snap), {
    n1: "Unschedulable: node(s) didn't have free ports for the requested pod ports",
  });
});
