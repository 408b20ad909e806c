import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runtimeReportSeen } from './pod-workers.ts';

describe('runtimeReportSeen', () => {
  it('skips a report of the state the last sync ended with', () => {
    assert.equal(runtimeReportSeen({ plegFingerprint: 'a=RUNNING', syncedFingerprint: 'a=RUNNING' }), true);
  });

  it('skips a report delivered before the sync began its last reading', () => {
    // The PLEG listed the sandbox alone while the sync was starting the container.
    const w = {
      plegFingerprint: 's=READY',
      plegAt: 100,
      syncedFingerprint: 's=READY,a=RUNNING',
      syncedReadAt: 150,
    };
    assert.equal(runtimeReportSeen(w), true);
  });

  it('syncs for a report delivered after the last reading began', () => {
    const w = {
      plegFingerprint: 's=READY,a=EXITED',
      plegAt: 200,
      syncedFingerprint: 's=READY,a=RUNNING',
      syncedReadAt: 150,
    };
    assert.equal(runtimeReportSeen(w), false);
  });

  it('syncs when the last reading asked for more work (no fingerprint)', () => {
    assert.equal(runtimeReportSeen({ plegFingerprint: 'x', plegAt: 100, syncedReadAt: 150 }), false);
    assert.equal(runtimeReportSeen({ plegFingerprint: 'x' }), false);
  });

  it('syncs when the times are unknown and the states differ', () => {
    assert.equal(runtimeReportSeen({ plegFingerprint: 'x', syncedFingerprint: 'y' }), false);
  });
});
