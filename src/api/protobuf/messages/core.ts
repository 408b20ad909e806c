// Protobuf messages of Kubernetes kinds: for each message (keyed by its OpenAPI definition name),
// its fields in Go struct order (the order of their JSON output), written
// `jsonName=number:type` with flags. Facts of the wire format, learnt from upstream's Go types
// and their protobuf tags (k8s.io/api and k8s.io/apimachinery v0.32); the notation is ours and
// is read by ../message-table.ts, which documents it.

import { core } from '../../schema/packages.ts';
import type { MessageTables } from '../message-table.ts';

export const coreMessages: MessageTables = {
  [core + 'AWSElasticBlockStoreVolumeSource']: 'volumeID=1:s! fsType=2:s partition=3:i readOnly=4:b',
  [core + 'Affinity']:
    'nodeAffinity=1:NodeAffinity* podAffinity=2:PodAffinity* podAntiAffinity=3:PodAntiAffinity*',
  [core + 'AppArmorProfile']: 'type=1:s! localhostProfile=2:s*',
  [core + 'AzureDiskVolumeSource']:
    'diskName=1:s! diskURI=2:s! cachingMode=3:s* fsType=4:s* readOnly=5:b* kind=6:s*',
  [core + 'AzureFileVolumeSource']: 'secretName=1:s! shareName=2:s! readOnly=3:b',
  [core + 'CSIVolumeSource']:
    'driver=1:s! readOnly=2:b* fsType=3:s* volumeAttributes=4:{s} nodePublishSecretRef=5:LocalObjectReference*',
  [core + 'Capabilities']: 'add=1:s[] drop=2:s[]',
  [core + 'CephFSVolumeSource']:
    'monitors=1:s[]! path=2:s user=3:s secretFile=4:s secretRef=5:LocalObjectReference* readOnly=6:b',
  [core + 'CinderVolumeSource']: 'volumeID=1:s! fsType=2:s readOnly=3:b secretRef=4:LocalObjectReference*',
  [core + 'ClientIPConfig']: 'timeoutSeconds=1:i*',
  [core + 'ClusterTrustBundleProjection']:
    'name=1:s* signerName=2:s* labelSelector=3:meta.LabelSelector* optional=5:b* path=4:s!',
  [core + 'ConfigMap']: 'metadata=1:meta.ObjectMeta immutable=4:b* data=2:{s} binaryData=3:{y}',
  [core + 'ConfigMapEnvSource']: '~localObjectReference=1:LocalObjectReference optional=2:b*',
  [core + 'ConfigMapKeySelector']: '~localObjectReference=1:LocalObjectReference key=2:s! optional=3:b*',
  [core + 'ConfigMapProjection']:
    '~localObjectReference=1:LocalObjectReference items=2:KeyToPath[] optional=4:b*',
  [core + 'ConfigMapVolumeSource']:
    '~localObjectReference=1:LocalObjectReference items=2:KeyToPath[] defaultMode=3:i* optional=4:b*',
  [core + 'Container']:
    'name=1:s! image=2:s command=3:s[] args=4:s[] workingDir=5:s ports=6:ContainerPort[] envFrom=19:EnvFromSource[] env=7:EnvVar[] resources=8:ResourceRequirements resizePolicy=23:ContainerResizePolicy[] restartPolicy=24:s* volumeMounts=9:VolumeMount[] volumeDevices=21:VolumeDevice[] livenessProbe=10:Probe* readinessProbe=11:Probe* startupProbe=22:Probe* lifecycle=12:Lifecycle* terminationMessagePath=13:s terminationMessagePolicy=20:s imagePullPolicy=14:s securityContext=15:SecurityContext* stdin=16:b stdinOnce=17:b tty=18:b',
  [core + 'ContainerPort']: 'name=1:s hostPort=2:i containerPort=3:i! protocol=4:s hostIP=5:s',
  [core + 'ContainerResizePolicy']: 'resourceName=1:s! restartPolicy=2:s!',
  [core + 'ContainerState']:
    'waiting=1:ContainerStateWaiting* running=2:ContainerStateRunning* terminated=3:ContainerStateTerminated*',
  [core + 'ContainerStateRunning']: 'startedAt=1:T',
  [core + 'ContainerStateTerminated']:
    'exitCode=1:i! signal=2:i reason=3:s message=4:s startedAt=5:T finishedAt=6:T containerID=7:s',
  [core + 'ContainerStateWaiting']: 'reason=1:s message=2:s',
  [core + 'ContainerStatus']:
    'name=1:s! state=2:ContainerState lastState=3:ContainerState ready=4:b! restartCount=5:i! image=6:s! imageID=7:s! containerID=8:s started=9:b* allocatedResources=10:{Q} resources=11:ResourceRequirements* volumeMounts=12:VolumeMountStatus[] user=13:ContainerUser* allocatedResourcesStatus=14:ResourceStatus[]',
  [core + 'ContainerUser']: 'linux=1:LinuxContainerUser*',
  [core + 'DownwardAPIProjection']: 'items=1:DownwardAPIVolumeFile[]',
  [core + 'DownwardAPIVolumeFile']:
    'path=1:s! fieldRef=2:ObjectFieldSelector* resourceFieldRef=3:ResourceFieldSelector* mode=4:i*',
  [core + 'DownwardAPIVolumeSource']: 'items=1:DownwardAPIVolumeFile[] defaultMode=2:i*',
  [core + 'EmptyDirVolumeSource']: 'medium=1:s sizeLimit=2:Q*',
  [core + 'EnvFromSource']: 'prefix=1:s configMapRef=2:ConfigMapEnvSource* secretRef=3:SecretEnvSource*',
  [core + 'EnvVar']: 'name=1:s! value=2:s valueFrom=3:EnvVarSource*',
  [core + 'EnvVarSource']:
    'fieldRef=1:ObjectFieldSelector* resourceFieldRef=2:ResourceFieldSelector* configMapKeyRef=3:ConfigMapKeySelector* secretKeyRef=4:SecretKeySelector*',
  [core + 'EphemeralContainer']:
    '~ephemeralContainerCommon=1:EphemeralContainerCommon targetContainerName=2:s',
  [core + 'EphemeralContainerCommon']:
    'name=1:s! image=2:s command=3:s[] args=4:s[] workingDir=5:s ports=6:ContainerPort[] envFrom=19:EnvFromSource[] env=7:EnvVar[] resources=8:ResourceRequirements resizePolicy=23:ContainerResizePolicy[] restartPolicy=24:s* volumeMounts=9:VolumeMount[] volumeDevices=21:VolumeDevice[] livenessProbe=10:Probe* readinessProbe=11:Probe* startupProbe=22:Probe* lifecycle=12:Lifecycle* terminationMessagePath=13:s terminationMessagePolicy=20:s imagePullPolicy=14:s securityContext=15:SecurityContext* stdin=16:b stdinOnce=17:b tty=18:b',
  [core + 'EphemeralVolumeSource']: 'volumeClaimTemplate=1:PersistentVolumeClaimTemplate*',
  [core + 'ExecAction']: 'command=1:s[]',
  [core + 'FCVolumeSource']: 'targetWWNs=1:s[] lun=2:i* fsType=3:s readOnly=4:b wwids=5:s[]',
  [core + 'FlexVolumeSource']:
    'driver=1:s! fsType=2:s secretRef=3:LocalObjectReference* readOnly=4:b options=5:{s}',
  [core + 'FlockerVolumeSource']: 'datasetName=1:s datasetUUID=2:s',
  [core + 'GCEPersistentDiskVolumeSource']: 'pdName=1:s! fsType=2:s partition=3:i readOnly=4:b',
  [core + 'GRPCAction']: 'port=1:i! service=2:s*!',
  [core + 'GitRepoVolumeSource']: 'repository=1:s! revision=2:s directory=3:s',
  [core + 'GlusterfsVolumeSource']: 'endpoints=1:s! path=2:s! readOnly=3:b',
  [core + 'HTTPGetAction']: 'path=1:s port=2:I! host=3:s scheme=4:s httpHeaders=5:HTTPHeader[]',
  [core + 'HTTPHeader']: 'name=1:s! value=2:s!',
  [core + 'HostAlias']: 'ip=1:s! hostnames=2:s[]',
  [core + 'HostIP']: 'ip=1:s!',
  [core + 'HostPathVolumeSource']: 'path=1:s! type=2:s*',
  [core + 'ISCSIVolumeSource']:
    'targetPortal=1:s! iqn=2:s! lun=3:i! iscsiInterface=4:s fsType=5:s readOnly=6:b portals=7:s[] chapAuthDiscovery=8:b chapAuthSession=11:b secretRef=10:LocalObjectReference* initiatorName=12:s*',
  [core + 'ImageVolumeSource']: 'reference=1:s pullPolicy=2:s',
  [core + 'KeyToPath']: 'key=1:s! path=2:s! mode=3:i*',
  [core + 'Lifecycle']: 'postStart=1:LifecycleHandler* preStop=2:LifecycleHandler*',
  [core + 'LifecycleHandler']:
    'exec=1:ExecAction* httpGet=2:HTTPGetAction* tcpSocket=3:TCPSocketAction* sleep=4:SleepAction*',
  [core + 'LinuxContainerUser']: 'uid=1:l! gid=2:l! supplementalGroups=3:l[]',
  [core + 'LoadBalancerIngress']: 'ip=1:s hostname=2:s ipMode=3:s* ports=4:PortStatus[]',
  [core + 'LoadBalancerStatus']: 'ingress=1:LoadBalancerIngress[]',
  [core + 'LocalObjectReference']: 'name=1:s',
  [core + 'ModifyVolumeStatus']: 'targetVolumeAttributesClassName=1:s status=2:s!',
  [core + 'NFSVolumeSource']: 'server=1:s! path=2:s! readOnly=3:b',
  [core + 'Namespace']: 'metadata=1:meta.ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus',
  [core + 'NamespaceCondition']: 'type=1:s! status=2:s! lastTransitionTime=4:T reason=5:s message=6:s',
  [core + 'NamespaceSpec']: 'finalizers=1:s[]',
  [core + 'NamespaceStatus']: 'phase=1:s conditions=2:NamespaceCondition[]',
  [core + 'NodeAffinity']:
    'requiredDuringSchedulingIgnoredDuringExecution=1:NodeSelector* preferredDuringSchedulingIgnoredDuringExecution=2:PreferredSchedulingTerm[]',
  [core + 'NodeSelector']: 'nodeSelectorTerms=1:NodeSelectorTerm[]!',
  [core + 'NodeSelectorRequirement']: 'key=1:s! operator=2:s! values=3:s[]',
  [core + 'NodeSelectorTerm']:
    'matchExpressions=1:NodeSelectorRequirement[] matchFields=2:NodeSelectorRequirement[]',
  [core + 'ObjectFieldSelector']: 'apiVersion=1:s fieldPath=2:s!',
  [core + 'ObjectReference']:
    'kind=1:s namespace=2:s name=3:s uid=4:s apiVersion=5:s resourceVersion=6:s fieldPath=7:s',
  [core + 'PersistentVolumeClaim']:
    'metadata=1:meta.ObjectMeta spec=2:PersistentVolumeClaimSpec status=3:PersistentVolumeClaimStatus',
  [core + 'PersistentVolumeClaimCondition']:
    'type=1:s! status=2:s! lastProbeTime=3:T lastTransitionTime=4:T reason=5:s message=6:s',
  [core + 'PersistentVolumeClaimSpec']:
    'accessModes=1:s[] selector=4:meta.LabelSelector* resources=2:VolumeResourceRequirements volumeName=3:s storageClassName=5:s* volumeMode=6:s* dataSource=7:TypedLocalObjectReference* dataSourceRef=8:TypedObjectReference* volumeAttributesClassName=9:s*',
  [core + 'PersistentVolumeClaimStatus']:
    'phase=1:s accessModes=2:s[] capacity=3:{Q} conditions=4:PersistentVolumeClaimCondition[] allocatedResources=5:{Q} allocatedResourceStatuses=7:{s} currentVolumeAttributesClassName=8:s* modifyVolumeStatus=9:ModifyVolumeStatus*',
  [core + 'PersistentVolumeClaimTemplate']: 'metadata=1:meta.ObjectMeta spec=2:PersistentVolumeClaimSpec!',
  [core + 'PersistentVolumeClaimVolumeSource']: 'claimName=1:s! readOnly=2:b',
  [core + 'PhotonPersistentDiskVolumeSource']: 'pdID=1:s! fsType=2:s',
  [core + 'Pod']: 'metadata=1:meta.ObjectMeta spec=2:PodSpec status=3:PodStatus',
  [core + 'PodAffinity']:
    'requiredDuringSchedulingIgnoredDuringExecution=1:PodAffinityTerm[] preferredDuringSchedulingIgnoredDuringExecution=2:WeightedPodAffinityTerm[]',
  [core + 'PodAffinityTerm']:
    'labelSelector=1:meta.LabelSelector* namespaces=2:s[] topologyKey=3:s! namespaceSelector=4:meta.LabelSelector* matchLabelKeys=5:s[] mismatchLabelKeys=6:s[]',
  [core + 'PodAntiAffinity']:
    'requiredDuringSchedulingIgnoredDuringExecution=1:PodAffinityTerm[] preferredDuringSchedulingIgnoredDuringExecution=2:WeightedPodAffinityTerm[]',
  [core + 'PodCondition']:
    'type=1:s! status=2:s! lastProbeTime=3:T lastTransitionTime=4:T reason=5:s message=6:s',
  [core + 'PodDNSConfig']: 'nameservers=1:s[] searches=2:s[] options=3:PodDNSConfigOption[]',
  [core + 'PodDNSConfigOption']: 'name=1:s value=2:s*',
  [core + 'PodIP']: 'ip=1:s!',
  [core + 'PodOS']: 'name=1:s!',
  [core + 'PodReadinessGate']: 'conditionType=1:s!',
  [core + 'PodResourceClaim']: 'name=1:s! resourceClaimName=3:s* resourceClaimTemplateName=4:s*',
  [core + 'PodResourceClaimStatus']: 'name=1:s! resourceClaimName=2:s*',
  [core + 'PodSchedulingGate']: 'name=1:s!',
  [core + 'PodSecurityContext']:
    'seLinuxOptions=1:SELinuxOptions* windowsOptions=8:WindowsSecurityContextOptions* runAsUser=2:l* runAsGroup=6:l* runAsNonRoot=3:b* supplementalGroups=4:l[] supplementalGroupsPolicy=12:s* fsGroup=5:l* sysctls=7:Sysctl[] fsGroupChangePolicy=9:s* seccompProfile=10:SeccompProfile* appArmorProfile=11:AppArmorProfile* seLinuxChangePolicy=13:s*',
  [core + 'PodSpec']:
    'volumes=1:Volume[] initContainers=20:Container[] containers=2:Container[]! ephemeralContainers=34:EphemeralContainer[] restartPolicy=3:s terminationGracePeriodSeconds=4:l* activeDeadlineSeconds=5:l* dnsPolicy=6:s nodeSelector=7:{s} serviceAccountName=8:s serviceAccount=9:s automountServiceAccountToken=21:b* nodeName=10:s hostNetwork=11:b hostPID=12:b hostIPC=13:b shareProcessNamespace=27:b* securityContext=14:PodSecurityContext* imagePullSecrets=15:LocalObjectReference[] hostname=16:s subdomain=17:s affinity=18:Affinity* schedulerName=19:s tolerations=22:Toleration[] hostAliases=23:HostAlias[] priorityClassName=24:s priority=25:i* dnsConfig=26:PodDNSConfig* readinessGates=28:PodReadinessGate[] runtimeClassName=29:s* enableServiceLinks=30:b* preemptionPolicy=31:s* overhead=32:{Q} topologySpreadConstraints=33:TopologySpreadConstraint[] setHostnameAsFQDN=35:b* os=36:PodOS* hostUsers=37:b* schedulingGates=38:PodSchedulingGate[] resourceClaims=39:PodResourceClaim[] resources=40:ResourceRequirements*',
  [core + 'PodStatus']:
    'phase=1:s conditions=2:PodCondition[] message=3:s reason=4:s nominatedNodeName=11:s hostIP=5:s hostIPs=16:HostIP[] podIP=6:s podIPs=12:PodIP[] startTime=7:T* initContainerStatuses=10:ContainerStatus[] containerStatuses=8:ContainerStatus[] qosClass=9:s ephemeralContainerStatuses=13:ContainerStatus[] resize=14:s resourceClaimStatuses=15:PodResourceClaimStatus[]',
  [core + 'PodTemplateSpec']: 'metadata=1:meta.ObjectMeta spec=2:PodSpec',
  [core + 'PortStatus']: 'port=1:i! protocol=2:s! error=3:s*',
  [core + 'PortworxVolumeSource']: 'volumeID=1:s! fsType=2:s readOnly=3:b',
  [core + 'PreferredSchedulingTerm']: 'weight=1:i! preference=2:NodeSelectorTerm!',
  [core + 'Probe']:
    '~handler=1:ProbeHandler initialDelaySeconds=2:i timeoutSeconds=3:i periodSeconds=4:i successThreshold=5:i failureThreshold=6:i terminationGracePeriodSeconds=7:l*',
  [core + 'ProbeHandler']:
    'exec=1:ExecAction* httpGet=2:HTTPGetAction* tcpSocket=3:TCPSocketAction* grpc=4:GRPCAction*',
  [core + 'ProjectedVolumeSource']: 'sources=1:VolumeProjection[]! defaultMode=2:i*',
  [core + 'QuobyteVolumeSource']: 'registry=1:s! volume=2:s! readOnly=3:b user=4:s group=5:s tenant=6:s',
  [core + 'RBDVolumeSource']:
    'monitors=1:s[]! image=2:s! fsType=3:s pool=4:s user=5:s keyring=6:s secretRef=7:LocalObjectReference* readOnly=8:b',
  [core + 'ResourceClaim']: 'name=1:s! request=2:s',
  [core + 'ResourceFieldSelector']: 'containerName=1:s resource=2:s! divisor=3:Q',
  [core + 'ResourceHealth']: 'resourceID=1:s! health=2:s',
  [core + 'ResourceQuota']:
    'metadata=1:meta.ObjectMeta spec=2:ResourceQuotaSpec status=3:ResourceQuotaStatus',
  [core + 'ResourceQuotaSpec']: 'hard=1:{Q} scopes=2:s[] scopeSelector=3:ScopeSelector*',
  [core + 'ResourceQuotaStatus']: 'hard=1:{Q} used=2:{Q}',
  [core + 'ResourceRequirements']: 'limits=1:{Q} requests=2:{Q} claims=3:ResourceClaim[]',
  [core + 'ResourceStatus']: 'name=1:s! resources=2:ResourceHealth[]',
  [core + 'SELinuxOptions']: 'user=1:s role=2:s type=3:s level=4:s',
  [core + 'ScaleIOVolumeSource']:
    'gateway=1:s! system=2:s! secretRef=3:LocalObjectReference*! sslEnabled=4:b protectionDomain=5:s storagePool=6:s storageMode=7:s volumeName=8:s fsType=9:s readOnly=10:b',
  [core + 'ScopeSelector']: 'matchExpressions=1:ScopedResourceSelectorRequirement[]',
  [core + 'ScopedResourceSelectorRequirement']: 'scopeName=1:s! operator=2:s! values=3:s[]',
  [core + 'SeccompProfile']: 'type=1:s! localhostProfile=2:s*',
  [core + 'Secret']: 'metadata=1:meta.ObjectMeta immutable=5:b* data=2:{y} stringData=4:{s} type=3:s',
  [core + 'SecretEnvSource']: '~localObjectReference=1:LocalObjectReference optional=2:b*',
  [core + 'SecretKeySelector']: '~localObjectReference=1:LocalObjectReference key=2:s! optional=3:b*',
  [core + 'SecretProjection']:
    '~localObjectReference=1:LocalObjectReference items=2:KeyToPath[] optional=4:b*',
  [core + 'SecretVolumeSource']: 'secretName=1:s items=2:KeyToPath[] defaultMode=3:i* optional=4:b*',
  [core + 'SecurityContext']:
    'capabilities=1:Capabilities* privileged=2:b* seLinuxOptions=3:SELinuxOptions* windowsOptions=10:WindowsSecurityContextOptions* runAsUser=4:l* runAsGroup=8:l* runAsNonRoot=5:b* readOnlyRootFilesystem=6:b* allowPrivilegeEscalation=7:b* procMount=9:s* seccompProfile=11:SeccompProfile* appArmorProfile=12:AppArmorProfile*',
  [core + 'Service']: 'metadata=1:meta.ObjectMeta spec=2:ServiceSpec status=3:ServiceStatus',
  [core + 'ServiceAccount']:
    'metadata=1:meta.ObjectMeta secrets=2:ObjectReference[] imagePullSecrets=3:LocalObjectReference[] automountServiceAccountToken=4:b*',
  [core + 'ServiceAccountTokenProjection']: 'audience=1:s expirationSeconds=2:l* path=3:s!',
  [core + 'ServicePort']: 'name=1:s protocol=2:s appProtocol=6:s* port=3:i! targetPort=4:I nodePort=5:i',
  [core + 'ServiceSpec']:
    'ports=1:ServicePort[] selector=2:{s} clusterIP=3:s clusterIPs=18:s[] type=4:s externalIPs=5:s[] sessionAffinity=7:s loadBalancerIP=8:s loadBalancerSourceRanges=9:s[] externalName=10:s externalTrafficPolicy=11:s healthCheckNodePort=12:i publishNotReadyAddresses=13:b sessionAffinityConfig=14:SessionAffinityConfig* ipFamilies=19:s[] ipFamilyPolicy=17:s* allocateLoadBalancerNodePorts=20:b* loadBalancerClass=21:s* internalTrafficPolicy=22:s* trafficDistribution=23:s*',
  [core + 'ServiceStatus']: 'loadBalancer=1:LoadBalancerStatus conditions=2:meta.Condition[]',
  [core + 'SessionAffinityConfig']: 'clientIP=1:ClientIPConfig*',
  [core + 'SleepAction']: 'seconds=1:l!',
  [core + 'StorageOSVolumeSource']:
    'volumeName=1:s volumeNamespace=2:s fsType=3:s readOnly=4:b secretRef=5:LocalObjectReference*',
  [core + 'Sysctl']: 'name=1:s! value=2:s!',
  [core + 'TCPSocketAction']: 'port=1:I! host=2:s',
  [core + 'Toleration']: 'key=1:s operator=2:s value=3:s effect=4:s tolerationSeconds=5:l*',
  [core + 'TopologySpreadConstraint']:
    'maxSkew=1:i! topologyKey=2:s! whenUnsatisfiable=3:s! labelSelector=4:meta.LabelSelector* minDomains=5:i* nodeAffinityPolicy=6:s* nodeTaintsPolicy=7:s* matchLabelKeys=8:s[]',
  [core + 'TypedLocalObjectReference']: 'apiGroup=1:s*! kind=2:s! name=3:s!',
  [core + 'TypedObjectReference']: 'apiGroup=1:s*! kind=2:s! name=3:s! namespace=4:s*',
  [core + 'Volume']: 'name=1:s! ~volumeSource=2:VolumeSource',
  [core + 'VolumeDevice']: 'name=1:s! devicePath=2:s!',
  [core + 'VolumeMount']:
    'name=1:s! readOnly=2:b recursiveReadOnly=7:s* mountPath=3:s! subPath=4:s mountPropagation=5:s* subPathExpr=6:s',
  [core + 'VolumeMountStatus']: 'name=1:s! mountPath=2:s! readOnly=3:b recursiveReadOnly=4:s*',
  [core + 'VolumeProjection']:
    'secret=1:SecretProjection* downwardAPI=2:DownwardAPIProjection* configMap=3:ConfigMapProjection* serviceAccountToken=4:ServiceAccountTokenProjection* clusterTrustBundle=5:ClusterTrustBundleProjection*',
  [core + 'VolumeResourceRequirements']: 'limits=1:{Q} requests=2:{Q}',
  [core + 'VolumeSource']:
    'hostPath=1:HostPathVolumeSource* emptyDir=2:EmptyDirVolumeSource* gcePersistentDisk=3:GCEPersistentDiskVolumeSource* awsElasticBlockStore=4:AWSElasticBlockStoreVolumeSource* gitRepo=5:GitRepoVolumeSource* secret=6:SecretVolumeSource* nfs=7:NFSVolumeSource* iscsi=8:ISCSIVolumeSource* glusterfs=9:GlusterfsVolumeSource* persistentVolumeClaim=10:PersistentVolumeClaimVolumeSource* rbd=11:RBDVolumeSource* flexVolume=12:FlexVolumeSource* cinder=13:CinderVolumeSource* cephfs=14:CephFSVolumeSource* flocker=15:FlockerVolumeSource* downwardAPI=16:DownwardAPIVolumeSource* fc=17:FCVolumeSource* azureFile=18:AzureFileVolumeSource* configMap=19:ConfigMapVolumeSource* vsphereVolume=20:VsphereVirtualDiskVolumeSource* quobyte=21:QuobyteVolumeSource* azureDisk=22:AzureDiskVolumeSource* photonPersistentDisk=23:PhotonPersistentDiskVolumeSource* projected=26:ProjectedVolumeSource* portworxVolume=24:PortworxVolumeSource* scaleIO=25:ScaleIOVolumeSource* storageos=27:StorageOSVolumeSource* csi=28:CSIVolumeSource* ephemeral=29:EphemeralVolumeSource* image=30:ImageVolumeSource*',
  [core + 'VsphereVirtualDiskVolumeSource']:
    'volumePath=1:s! fsType=2:s storagePolicyName=3:s storagePolicyID=4:s',
  [core + 'WeightedPodAffinityTerm']: 'weight=1:i! podAffinityTerm=2:PodAffinityTerm!',
  [core + 'WindowsSecurityContextOptions']:
    'gmsaCredentialSpecName=1:s* gmsaCredentialSpec=2:s* runAsUserName=3:s* hostProcess=4:b*',
};
