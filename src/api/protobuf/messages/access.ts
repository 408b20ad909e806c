// Protobuf messages of Kubernetes kinds: for each message (keyed by its OpenAPI definition name),
// its fields in Go struct order (the order of their JSON output), written
// `jsonName=number:type` with flags. Facts of the wire format, learnt from upstream's Go types
// and their protobuf tags (k8s.io/api and k8s.io/apimachinery v0.32); the notation is ours and
// is read by ../message-table.ts, which documents it.

import { authentication, authorization, rbac } from '../../schema/packages.ts';
import type { MessageTables } from '../message-table.ts';

export const accessMessages: MessageTables = {
  [rbac + 'AggregationRule']: 'clusterRoleSelectors=1:meta.LabelSelector[]',
  [rbac + 'ClusterRole']:
    'metadata=1:meta.ObjectMeta rules=2:PolicyRule[]! aggregationRule=3:AggregationRule*',
  [rbac + 'ClusterRoleBinding']: 'metadata=1:meta.ObjectMeta subjects=2:Subject[] roleRef=3:RoleRef!',
  [rbac + 'PolicyRule']:
    'verbs=1:s[]! apiGroups=2:s[] resources=3:s[] resourceNames=4:s[] nonResourceURLs=5:s[]',
  [rbac + 'Role']: 'metadata=1:meta.ObjectMeta rules=2:PolicyRule[]!',
  [rbac + 'RoleBinding']: 'metadata=1:meta.ObjectMeta subjects=2:Subject[] roleRef=3:RoleRef!',
  [rbac + 'RoleRef']: 'apiGroup=1:s! kind=2:s! name=3:s!',
  [rbac + 'Subject']: 'kind=1:s! apiGroup=2:s name=3:s! namespace=4:s',
  [authentication + 'BoundObjectReference']: 'kind=1:s apiVersion=2:s name=3:s uid=4:s',
  [authentication + 'SelfSubjectReview']: 'metadata=1:meta.ObjectMeta status=2:SelfSubjectReviewStatus',
  [authentication + 'SelfSubjectReviewStatus']: 'userInfo=1:UserInfo',
  [authentication + 'TokenRequest']:
    'metadata=1:meta.ObjectMeta spec=2:TokenRequestSpec! status=3:TokenRequestStatus',
  [authentication + 'TokenRequestSpec']:
    'audiences=1:s[]! expirationSeconds=4:l*! boundObjectRef=3:BoundObjectReference*!',
  [authentication + 'TokenRequestStatus']: 'token=1:s! expirationTimestamp=2:T!',
  [authentication + 'TokenReview']:
    'metadata=1:meta.ObjectMeta spec=2:TokenReviewSpec! status=3:TokenReviewStatus',
  [authentication + 'TokenReviewSpec']: 'token=1:s audiences=2:s[]',
  [authentication + 'TokenReviewStatus']: 'authenticated=1:b user=2:UserInfo audiences=4:s[] error=3:s',
  [authentication + 'UserInfo']: 'username=1:s uid=2:s groups=3:s[] extra=4:{E}',
  [authorization + 'FieldSelectorAttributes']:
    'rawSelector=1:s requirements=2:meta.FieldSelectorRequirement[]',
  [authorization + 'LabelSelectorAttributes']:
    'rawSelector=1:s requirements=2:meta.LabelSelectorRequirement[]',
  [authorization + 'LocalSubjectAccessReview']:
    'metadata=1:meta.ObjectMeta spec=2:SubjectAccessReviewSpec! status=3:SubjectAccessReviewStatus',
  [authorization + 'NonResourceAttributes']: 'path=1:s verb=2:s',
  [authorization + 'NonResourceRule']: 'verbs=1:s[]! nonResourceURLs=2:s[]',
  [authorization + 'ResourceAttributes']:
    'namespace=1:s verb=2:s group=3:s version=4:s resource=5:s subresource=6:s name=7:s fieldSelector=8:FieldSelectorAttributes* labelSelector=9:LabelSelectorAttributes*',
  [authorization + 'ResourceRule']: 'verbs=1:s[]! apiGroups=2:s[] resources=3:s[] resourceNames=4:s[]',
  [authorization + 'SelfSubjectAccessReview']:
    'metadata=1:meta.ObjectMeta spec=2:SelfSubjectAccessReviewSpec! status=3:SubjectAccessReviewStatus',
  [authorization + 'SelfSubjectAccessReviewSpec']:
    'resourceAttributes=1:ResourceAttributes* nonResourceAttributes=2:NonResourceAttributes*',
  [authorization + 'SelfSubjectRulesReview']:
    'metadata=1:meta.ObjectMeta spec=2:SelfSubjectRulesReviewSpec! status=3:SubjectRulesReviewStatus',
  [authorization + 'SelfSubjectRulesReviewSpec']: 'namespace=1:s',
  [authorization + 'SubjectAccessReview']:
    'metadata=1:meta.ObjectMeta spec=2:SubjectAccessReviewSpec! status=3:SubjectAccessReviewStatus',
  [authorization + 'SubjectAccessReviewSpec']:
    'resourceAttributes=1:ResourceAttributes* nonResourceAttributes=2:NonResourceAttributes* user=3:s groups=4:s[] extra=5:{E} uid=6:s',
  [authorization + 'SubjectAccessReviewStatus']: 'allowed=1:b! denied=4:b reason=2:s evaluationError=3:s',
  [authorization + 'SubjectRulesReviewStatus']:
    'resourceRules=1:ResourceRule[]! nonResourceRules=2:NonResourceRule[]! incomplete=3:b! evaluationError=4:s',
};
