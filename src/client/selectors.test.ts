import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSelector } from '../machinery/labels.ts';
import { fieldSelectorQuery, labelMatcher, labelSelectorQuery } from './selectors.ts';

test('every selector shape becomes the same query string', () => {
  assert.equal(labelSelectorQuery('app=web'), 'app=web');
  assert.equal(labelSelectorQuery({ tier: 'db', app: 'web' }), 'app=web,tier=db');
  assert.equal(
    labelSelectorQuery({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }],
    }),
    'app=web,env in (a,b)',
  );
  assert.equal(labelSelectorQuery(parseSelector('x!=1')), 'x!=1');
  assert.equal(labelSelectorQuery({}), '');
  assert.equal(
    fieldSelectorQuery({ 'spec.nodeName': 'n1', 'status.phase': 'Running' }),
    'spec.nodeName=n1,status.phase=Running',
  );
  assert.equal(fieldSelectorQuery({ 'metadata.name': 'a,b' }), 'metadata.name=a\\,b');
});

test('matchers follow upstream semantics; no selector matches everything', () => {
  const labels = { app: 'web', env: 'prod' };
  assert.equal(labelMatcher(undefined).matches(labels), true);
  assert.equal(labelMatcher('app=web,env notin (dev)').matches(labels), true);
  assert.equal(labelMatcher({ app: 'db' }).matches(labels), false);
  assert.equal(
    labelMatcher({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }).matches(labels),
    true,
  );
  assert.equal(
    labelMatcher({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }).matches(labels),
    false,
  );
  assert.equal(
    labelMatcher({ matchLabels: {} }).matches(labels),
    true,
    'an empty LabelSelector selects everything',
  );
  assert.throws(() => labelMatcher('app in (a'), /expected|found/);
});
