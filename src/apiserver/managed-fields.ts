// managedFields bookkeeping for non-apply writes (transitional until the apply machinery lands).
import type { KubeObject } from '../api/strategy.ts';
import type { RequestContext } from './registry/context.ts';

export function managedFieldsHook(_server: unknown) {
  return (_obj: KubeObject, _old: KubeObject | undefined, _ctx: RequestContext, _subresource: string): void => {};
}
