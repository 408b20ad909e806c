// A small namespaced CustomResourceDefinition for controller tests (custom resources deleted
// with their namespace, owned and owning in garbage collection).
import { kubectlOk } from './kubectl.ts';

export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

/** Creates the Widget CRD and waits until it is served. */
export async function defineWidgets(kubeconfig: string): Promise<void> {
  await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: WIDGET_CRD });
  await kubectlOk(kubeconfig, [
    'wait',
    '--for=condition=established',
    '--timeout=60s',
    'crd/widgets.example.com',
  ]);
}

export function widget(
  name: string,
  namespace: string,
  owner?: { apiVersion: string; kind: string; name: string; uid: string },
): string {
  return JSON.stringify({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: {
      name,
      namespace,
      ...(owner ? { ownerReferences: [{ ...owner, blockOwnerDeletion: true }] } : {}),
    },
    spec: { size: 1 },
  });
}
