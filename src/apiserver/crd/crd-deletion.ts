// What a DELETE does to a CRD (upstream's CRD REST Delete): instead of going at once, the CRD is
// marked for deletion with the `customresourcecleanup.apiextensions.k8s.io` finalizer and the
// condition Terminating=True/InstanceDeletionPending; the cleanup (crd-controller.ts) deletes its
// custom resources and then removes the finalizer, which deletes the CRD.
import type { Crd } from '../../api/apiextensions/custom-resource-definition.ts';
import type { ResourceStrategy } from '../../api/strategy.ts';
import { CLEANUP_FINALIZER, setCondition, statusOf } from './crd-conditions.ts';

/** The CRD strategy with upstream's delete behaviour added to its delete hooks. */
export function withCleanupFinalizer(strategy: ResourceStrategy<Crd>): ResourceStrategy<Crd> {
  return {
    ...strategy,
    // A CRD not yet marked always waits for its cleanup; once marked, its finalizers decide.
    deletionPending(crd) {
      return crd.metadata?.deletionTimestamp === undefined || (strategy.deletionPending?.(crd) ?? false);
    },
    markForDeletion(crd) {
      strategy.markForDeletion?.(crd);
      const meta = (crd.metadata ??= {});
      if (!(meta.finalizers ?? []).includes(CLEANUP_FINALIZER))
        meta.finalizers = [...(meta.finalizers ?? []), CLEANUP_FINALIZER];
      (crd as { status?: unknown }).status = structuredClone(statusOf(crd));
      setCondition(
        crd,
        {
          type: 'Terminating',
          status: 'True',
          reason: 'InstanceDeletionPending',
          message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
        },
        new Date(),
      );
    },
  };
}
