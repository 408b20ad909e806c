// Protobuf messages of Kubernetes kinds: for each message (keyed by its OpenAPI definition name),
// its fields in Go struct order (the order of their JSON output), written
// `jsonName=number:type` with flags. Facts of the wire format, learnt from upstream's Go types
// and their protobuf tags (k8s.io/api and k8s.io/apimachinery v0.32); the notation is ours and
// is read by ../message-table.ts, which documents it.

import { coordination, meta, networking, scheduling } from '../../schema/packages.ts';
import type { MessageTables } from '../message-table.ts';

export const othersMessages: MessageTables = {
  [networking + 'HTTPIngressPath']: 'path=1:s pathType=3:s*! backend=2:IngressBackend!',
  [networking + 'HTTPIngressRuleValue']: 'paths=1:HTTPIngressPath[]!',
  [networking + 'Ingress']: 'metadata=1:meta.ObjectMeta spec=2:IngressSpec status=3:IngressStatus',
  [networking + 'IngressBackend']:
    'service=4:IngressServiceBackend* resource=3:core.TypedLocalObjectReference*',
  [networking + 'IngressLoadBalancerIngress']: 'ip=1:s hostname=2:s ports=4:IngressPortStatus[]',
  [networking + 'IngressLoadBalancerStatus']: 'ingress=1:IngressLoadBalancerIngress[]',
  [networking + 'IngressPortStatus']: 'port=1:i! protocol=2:s! error=3:s*',
  [networking + 'IngressRule']: 'host=1:s ~ingressRuleValue=2:IngressRuleValue',
  [networking + 'IngressRuleValue']: 'http=1:HTTPIngressRuleValue*',
  [networking + 'IngressServiceBackend']: 'name=1:s! port=2:ServiceBackendPort',
  [networking + 'IngressSpec']:
    'ingressClassName=4:s* defaultBackend=1:IngressBackend* tls=2:IngressTLS[] rules=3:IngressRule[]',
  [networking + 'IngressStatus']: 'loadBalancer=1:IngressLoadBalancerStatus',
  [networking + 'IngressTLS']: 'hosts=1:s[] secretName=2:s',
  [networking + 'ServiceBackendPort']: 'name=1:s number=2:i',
  [coordination + 'Lease']: 'metadata=1:meta.ObjectMeta spec=2:LeaseSpec',
  [coordination + 'LeaseSpec']:
    'holderIdentity=1:s* leaseDurationSeconds=2:i* acquireTime=3:M* renewTime=4:M* leaseTransitions=5:i* strategy=6:s* preferredHolder=7:s*',
  [scheduling + 'PriorityClass']:
    'metadata=1:meta.ObjectMeta value=2:i! globalDefault=3:b description=4:s preemptionPolicy=5:s*',
  [meta + 'Condition']:
    'type=1:s! status=2:s! observedGeneration=3:l lastTransitionTime=4:T! reason=5:s! message=6:s!',
  [meta + 'DeleteOptions']:
    'gracePeriodSeconds=1:l* preconditions=2:Preconditions* orphanDependents=3:b* propagationPolicy=4:s* dryRun=5:s[] ignoreStoreReadErrorWithClusterBreakingPotential=6:b*',
  [meta + 'FieldSelectorRequirement']: 'key=1:s! operator=2:s! values=3:s[]',
  [meta + 'LabelSelector']: 'matchLabels=1:{s} matchExpressions=2:LabelSelectorRequirement[]',
  [meta + 'LabelSelectorRequirement']: 'key=1:s! operator=2:s! values=3:s[]',
  [meta + 'ManagedFieldsEntry']:
    'manager=1:s operation=2:s apiVersion=3:s time=4:T* fieldsType=6:s fieldsV1=7:F* subresource=8:s',
  [meta + 'ObjectMeta']:
    'name=1:s generateName=2:s namespace=3:s selfLink=4:s uid=5:s resourceVersion=6:s generation=7:l creationTimestamp=8:T deletionTimestamp=9:T* deletionGracePeriodSeconds=10:l* labels=11:{s} annotations=12:{s} ownerReferences=13:OwnerReference[] finalizers=14:s[] managedFields=17:ManagedFieldsEntry[]',
  [meta + 'OwnerReference']:
    'apiVersion=5:s! kind=1:s! name=3:s! uid=4:s! controller=6:b* blockOwnerDeletion=7:b*',
  [meta + 'Preconditions']: 'uid=1:s* resourceVersion=2:s*',
};
