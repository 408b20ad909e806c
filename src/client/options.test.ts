import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listQuery, queryString, writeQuery } from './options.ts';

/** What queryString must equal: URLSearchParams' encoding of the set values. */
function viaSearchParams(q: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

test('query strings are encoded as URLSearchParams encodes them, in member order', () => {
  const cases: Record<string, string | number | boolean | undefined>[] = [
    {},
    { a: undefined },
    { fieldManager: 'kube-controller-manager' },
    { fieldManager: 'kube-scheduler', dryRun: 'All', force: false, fieldValidation: undefined },
    { labelSelector: 'app in (a, b),tier!=db', fieldSelector: 'spec.nodeName!=', limit: 500 },
    { watch: true, resourceVersion: '12', timeoutSeconds: 300, allowWatchBookmarks: true },
    { fieldManager: 'ça/va+plus & more=~*._-', continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ==' },
  ];
  for (const q of cases) assert.equal(queryString(q), viaSearchParams(q), JSON.stringify(q));
  assert.equal(
    queryString(writeQuery({}, 'kube-controller-manager')),
    '?fieldManager=kube-controller-manager',
  );
  assert.equal(
    queryString({ watch: true, ...listQuery({ labelSelector: { app: 'web' }, resourceVersion: '5' }) }),
    '?watch=true&labelSelector=app%3Dweb&resourceVersion=5',
  );
});
