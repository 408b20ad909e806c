import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replicaSet } from '../workload-common/testing.ts';
import { maxRevision, setDeploymentRevision, setNewReplicaSetAnnotations } from './revisions.ts';
import { deployment } from './testing.ts';

describe('revision annotations', () => {
  it('gives a new ReplicaSet the next revision, the replicas annotations and the Deployment annotations', () => {
    const d = deployment({
      replicas: 4,
      maxSurge: 1,
      annotations: {
        'kubernetes.io/change-cause': 'kubectl set image',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '7',
      },
    });
    const rs = replicaSet({ name: 'n', replicas: 0 });
    assert.equal(setNewReplicaSetAnnotations(d, rs, 3, false, 1), true);
    assert.deepEqual(rs.metadata?.annotations, {
      'kubernetes.io/change-cause': 'kubectl set image',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
  });

  it('keeps the former revisions of a ReplicaSet rolled back to', () => {
    const d = deployment({ replicas: 1 });
    const rs = replicaSet({ name: 'n', replicas: 1, revision: 1 });
    setNewReplicaSetAnnotations(d, rs, 3, true, 0);
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    setNewReplicaSetAnnotations(d, rs, 5, true, 0);
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1,3');
    assert.equal(setNewReplicaSetAnnotations(d, rs, 5, true, 0), false);
  });

  it('drops the oldest history entries beyond the length limit', () => {
    const d = deployment({ replicas: 1 });
    const rs = replicaSet({
      name: 'n',
      replicas: 1,
      revision: 9,
      annotations: { 'deployment.kubernetes.io/revision-history': '1,3,5,7' },
    });
    setNewReplicaSetAnnotations(d, rs, 11, true, 0, 6);
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '5,7,9');
  });

  it('finds the highest revision and mirrors it on the Deployment', () => {
    assert.equal(
      maxRevision([
        replicaSet({ name: 'a', replicas: 0, revision: 2 }),
        replicaSet({ name: 'b', replicas: 0, revision: 10 }),
      ]),
      10,
    );
    const d = deployment({ replicas: 1 });
    assert.equal(setDeploymentRevision(d, '4'), true);
    assert.equal(setDeploymentRevision(d, '4'), false);
  });
});
