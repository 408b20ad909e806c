// Protobuf messages of Kubernetes kinds: for each message (keyed by its OpenAPI definition name),
// its fields in Go struct order (the order of their JSON output), written
// `jsonName=number:type` with flags. Facts of the wire format, learnt from upstream's Go types
// and their protobuf tags (k8s.io/api and k8s.io/apimachinery v0.32); the notation is ours and
// is read by ../message-table.ts, which documents it.

import { apps, autoscalingV1, autoscalingV2, batch, policy } from '../../schema/packages.ts';
import type { MessageTables } from '../message-table.ts';

export const workloadsMessages: MessageTables = {
  [apps + 'DaemonSet']: 'metadata=1:meta.ObjectMeta spec=2:DaemonSetSpec status=3:DaemonSetStatus',
  [apps + 'DaemonSetCondition']: 'type=1:s! status=2:s! lastTransitionTime=3:T reason=4:s message=5:s',
  [apps + 'DaemonSetSpec']:
    'selector=1:meta.LabelSelector*! template=2:core.PodTemplateSpec! updateStrategy=3:DaemonSetUpdateStrategy minReadySeconds=4:i revisionHistoryLimit=6:i*',
  [apps + 'DaemonSetStatus']:
    'currentNumberScheduled=1:i! numberMisscheduled=2:i! desiredNumberScheduled=3:i! numberReady=4:i! observedGeneration=5:l updatedNumberScheduled=6:i numberAvailable=7:i numberUnavailable=8:i collisionCount=9:i* conditions=10:DaemonSetCondition[]',
  [apps + 'DaemonSetUpdateStrategy']: 'type=1:s rollingUpdate=2:RollingUpdateDaemonSet*',
  [apps + 'Deployment']: 'metadata=1:meta.ObjectMeta spec=2:DeploymentSpec status=3:DeploymentStatus',
  [apps + 'DeploymentCondition']:
    'type=1:s! status=2:s! lastUpdateTime=6:T lastTransitionTime=7:T reason=4:s message=5:s',
  [apps + 'DeploymentSpec']:
    'replicas=1:i* selector=2:meta.LabelSelector*! template=3:core.PodTemplateSpec! strategy=4:DeploymentStrategy minReadySeconds=5:i revisionHistoryLimit=6:i* paused=7:b progressDeadlineSeconds=9:i*',
  [apps + 'DeploymentStatus']:
    'observedGeneration=1:l replicas=2:i updatedReplicas=3:i readyReplicas=7:i availableReplicas=4:i unavailableReplicas=5:i conditions=6:DeploymentCondition[] collisionCount=8:i*',
  [apps + 'DeploymentStrategy']: 'type=1:s rollingUpdate=2:RollingUpdateDeployment*',
  [apps + 'ReplicaSet']: 'metadata=1:meta.ObjectMeta spec=2:ReplicaSetSpec status=3:ReplicaSetStatus',
  [apps + 'ReplicaSetCondition']: 'type=1:s! status=2:s! lastTransitionTime=3:T reason=4:s message=5:s',
  [apps + 'ReplicaSetSpec']:
    'replicas=1:i* minReadySeconds=4:i selector=2:meta.LabelSelector*! template=3:core.PodTemplateSpec',
  [apps + 'ReplicaSetStatus']:
    'replicas=1:i! fullyLabeledReplicas=2:i readyReplicas=4:i availableReplicas=5:i observedGeneration=3:l conditions=6:ReplicaSetCondition[]',
  [apps + 'RollingUpdateDaemonSet']: 'maxUnavailable=1:I* maxSurge=2:I*',
  [apps + 'RollingUpdateDeployment']: 'maxUnavailable=1:I* maxSurge=2:I*',
  [apps + 'RollingUpdateStatefulSetStrategy']: 'partition=1:i* maxUnavailable=2:I*',
  [apps + 'StatefulSet']: 'metadata=1:meta.ObjectMeta spec=2:StatefulSetSpec status=3:StatefulSetStatus',
  [apps + 'StatefulSetCondition']: 'type=1:s! status=2:s! lastTransitionTime=3:T reason=4:s message=5:s',
  [apps + 'StatefulSetOrdinals']: 'start=1:i!',
  [apps + 'StatefulSetPersistentVolumeClaimRetentionPolicy']: 'whenDeleted=1:s whenScaled=2:s',
  [apps + 'StatefulSetSpec']:
    'replicas=1:i* selector=2:meta.LabelSelector*! template=3:core.PodTemplateSpec! volumeClaimTemplates=4:core.PersistentVolumeClaim[] serviceName=5:s! podManagementPolicy=6:s updateStrategy=7:StatefulSetUpdateStrategy revisionHistoryLimit=8:i* minReadySeconds=9:i persistentVolumeClaimRetentionPolicy=10:StatefulSetPersistentVolumeClaimRetentionPolicy* ordinals=11:StatefulSetOrdinals*',
  [apps + 'StatefulSetStatus']:
    'observedGeneration=1:l replicas=2:i! readyReplicas=3:i currentReplicas=4:i updatedReplicas=5:i currentRevision=6:s updateRevision=7:s collisionCount=9:i* conditions=10:StatefulSetCondition[] availableReplicas=11:i!',
  [apps + 'StatefulSetUpdateStrategy']: 'type=1:s rollingUpdate=2:RollingUpdateStatefulSetStrategy*',
  [batch + 'CronJob']: 'metadata=1:meta.ObjectMeta spec=2:CronJobSpec status=3:CronJobStatus',
  [batch + 'CronJobSpec']:
    'schedule=1:s! timeZone=8:s* startingDeadlineSeconds=2:l* concurrencyPolicy=3:s suspend=4:b* jobTemplate=5:JobTemplateSpec! successfulJobsHistoryLimit=6:i* failedJobsHistoryLimit=7:i*',
  [batch + 'CronJobStatus']: 'active=1:core.ObjectReference[] lastScheduleTime=4:T* lastSuccessfulTime=5:T*',
  [batch + 'Job']: 'metadata=1:meta.ObjectMeta spec=2:JobSpec status=3:JobStatus',
  [batch + 'JobCondition']:
    'type=1:s! status=2:s! lastProbeTime=3:T lastTransitionTime=4:T reason=5:s message=6:s',
  [batch + 'JobSpec']:
    'parallelism=1:i* completions=2:i* activeDeadlineSeconds=3:l* podFailurePolicy=11:PodFailurePolicy* successPolicy=16:SuccessPolicy* backoffLimit=7:i* backoffLimitPerIndex=12:i* maxFailedIndexes=13:i* selector=4:meta.LabelSelector* manualSelector=5:b* template=6:core.PodTemplateSpec! ttlSecondsAfterFinished=8:i* completionMode=9:s* suspend=10:b* podReplacementPolicy=14:s* managedBy=15:s*',
  [batch + 'JobStatus']:
    'conditions=1:JobCondition[] startTime=2:T* completionTime=3:T* active=4:i succeeded=5:i failed=6:i terminating=11:i* completedIndexes=7:s failedIndexes=10:s* uncountedTerminatedPods=8:UncountedTerminatedPods* ready=9:i*',
  [batch + 'JobTemplateSpec']: 'metadata=1:meta.ObjectMeta spec=2:JobSpec',
  [batch + 'PodFailurePolicy']: 'rules=1:PodFailurePolicyRule[]!',
  [batch + 'PodFailurePolicyOnExitCodesRequirement']: 'containerName=1:s* operator=2:s! values=3:i[]!',
  [batch + 'PodFailurePolicyOnPodConditionsPattern']: 'type=1:s! status=2:s!',
  [batch + 'PodFailurePolicyRule']:
    'action=1:s! onExitCodes=2:PodFailurePolicyOnExitCodesRequirement* onPodConditions=3:PodFailurePolicyOnPodConditionsPattern[]',
  [batch + 'SuccessPolicy']: 'rules=1:SuccessPolicyRule[]!',
  [batch + 'SuccessPolicyRule']: 'succeededIndexes=1:s* succeededCount=2:i*',
  [batch + 'UncountedTerminatedPods']: 'succeeded=1:s[] failed=2:s[]',
  [autoscalingV1 + 'CrossVersionObjectReference']: 'kind=1:s! name=2:s! apiVersion=3:s',
  [autoscalingV1 + 'HorizontalPodAutoscaler']:
    'metadata=1:meta.ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus',
  [autoscalingV1 + 'HorizontalPodAutoscalerSpec']:
    'scaleTargetRef=1:CrossVersionObjectReference! minReplicas=2:i* maxReplicas=3:i! targetCPUUtilizationPercentage=4:i*',
  [autoscalingV1 + 'HorizontalPodAutoscalerStatus']:
    'observedGeneration=1:l* lastScaleTime=2:T* currentReplicas=3:i! desiredReplicas=4:i! currentCPUUtilizationPercentage=5:i*',
  [autoscalingV2 + 'ContainerResourceMetricSource']: 'name=1:s! target=2:MetricTarget! container=3:s!',
  [autoscalingV2 + 'ContainerResourceMetricStatus']: 'name=1:s! current=2:MetricValueStatus! container=3:s!',
  [autoscalingV2 + 'CrossVersionObjectReference']: 'kind=1:s! name=2:s! apiVersion=3:s',
  [autoscalingV2 + 'ExternalMetricSource']: 'metric=1:MetricIdentifier! target=2:MetricTarget!',
  [autoscalingV2 + 'ExternalMetricStatus']: 'metric=1:MetricIdentifier! current=2:MetricValueStatus!',
  [autoscalingV2 + 'HPAScalingPolicy']: 'type=1:s! value=2:i! periodSeconds=3:i!',
  [autoscalingV2 + 'HPAScalingRules']:
    'stabilizationWindowSeconds=3:i* selectPolicy=1:s* policies=2:HPAScalingPolicy[]',
  [autoscalingV2 + 'HorizontalPodAutoscaler']:
    'metadata=1:meta.ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus',
  [autoscalingV2 + 'HorizontalPodAutoscalerBehavior']:
    'scaleUp=1:HPAScalingRules* scaleDown=2:HPAScalingRules*',
  [autoscalingV2 + 'HorizontalPodAutoscalerCondition']:
    'type=1:s! status=2:s! lastTransitionTime=3:T reason=4:s message=5:s',
  [autoscalingV2 + 'HorizontalPodAutoscalerSpec']:
    'scaleTargetRef=1:CrossVersionObjectReference! minReplicas=2:i* maxReplicas=3:i! metrics=4:MetricSpec[] behavior=5:HorizontalPodAutoscalerBehavior*',
  [autoscalingV2 + 'HorizontalPodAutoscalerStatus']:
    'observedGeneration=1:l* lastScaleTime=2:T* currentReplicas=3:i desiredReplicas=4:i! currentMetrics=5:MetricStatus[]! conditions=6:HorizontalPodAutoscalerCondition[]',
  [autoscalingV2 + 'MetricIdentifier']: 'name=1:s! selector=2:meta.LabelSelector*',
  [autoscalingV2 + 'MetricSpec']:
    'type=1:s! object=2:ObjectMetricSource* pods=3:PodsMetricSource* resource=4:ResourceMetricSource* containerResource=7:ContainerResourceMetricSource* external=5:ExternalMetricSource*',
  [autoscalingV2 + 'MetricStatus']:
    'type=1:s! object=2:ObjectMetricStatus* pods=3:PodsMetricStatus* resource=4:ResourceMetricStatus* containerResource=7:ContainerResourceMetricStatus* external=5:ExternalMetricStatus*',
  [autoscalingV2 + 'MetricTarget']: 'type=1:s! value=2:Q* averageValue=3:Q* averageUtilization=4:i*',
  [autoscalingV2 + 'MetricValueStatus']: 'value=1:Q* averageValue=2:Q* averageUtilization=3:i*',
  [autoscalingV2 + 'ObjectMetricSource']:
    'describedObject=1:CrossVersionObjectReference! target=2:MetricTarget! metric=3:MetricIdentifier!',
  [autoscalingV2 + 'ObjectMetricStatus']:
    'metric=1:MetricIdentifier! current=2:MetricValueStatus! describedObject=3:CrossVersionObjectReference!',
  [autoscalingV2 + 'PodsMetricSource']: 'metric=1:MetricIdentifier! target=2:MetricTarget!',
  [autoscalingV2 + 'PodsMetricStatus']: 'metric=1:MetricIdentifier! current=2:MetricValueStatus!',
  [autoscalingV2 + 'ResourceMetricSource']: 'name=1:s! target=2:MetricTarget!',
  [autoscalingV2 + 'ResourceMetricStatus']: 'name=1:s! current=2:MetricValueStatus!',
  [policy + 'Eviction']: 'metadata=1:meta.ObjectMeta deleteOptions=2:meta.DeleteOptions*',
  [policy + 'PodDisruptionBudget']:
    'metadata=1:meta.ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:PodDisruptionBudgetStatus',
  [policy + 'PodDisruptionBudgetSpec']:
    'minAvailable=1:I* selector=2:meta.LabelSelector* maxUnavailable=3:I* unhealthyPodEvictionPolicy=4:s*',
  [policy + 'PodDisruptionBudgetStatus']:
    'observedGeneration=1:l disruptedPods=2:{T} disruptionsAllowed=3:i! currentHealthy=4:i! desiredHealthy=5:i! expectedPods=6:i! conditions=7:meta.Condition[]',
};
