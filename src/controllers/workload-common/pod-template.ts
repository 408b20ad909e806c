// A pod from a controller's pod template (upstream's GetPodFromTemplate): the template's
// labels, annotations, finalizers and spec, a generateName of `<owner>-`, and the owner's
// controller reference.
import { deepClone } from '../../machinery/json-value.ts';
import type { OwnerReference, Pod, PodTemplateSpec } from './types.ts';

export interface PodFromTemplateOptions {
  /** A fixed name (StatefulSet pods); otherwise `generateName` is used. */
  name?: string;
  /** Default `<ownerName>-`. */
  generateName?: string;
}

/** `getPodsPrefix`: `<name>-`. */
export function podsPrefix(ownerName: string): string {
  return `${ownerName}-`;
}

/** Builds the pod a controller creates from its template (a deep copy: the template is not shared). */
export function podFromTemplate(
  template: PodTemplateSpec | undefined,
  ownerName: string,
  ref: OwnerReference | undefined,
  o: PodFromTemplateOptions = {},
): Pod {
  const t = deepClone(template ?? {});
  const metadata: NonNullable<Pod['metadata']> = {};
  if (o.name) metadata.name = o.name;
  else metadata.generateName = o.generateName ?? podsPrefix(ownerName);
  if (t.metadata?.labels) metadata.labels = t.metadata.labels;
  if (t.metadata?.annotations) metadata.annotations = t.metadata.annotations;
  if (t.metadata?.finalizers?.length) metadata.finalizers = t.metadata.finalizers;
  if (ref) metadata.ownerReferences = [ref];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: t.spec ?? { containers: [] } };
}
