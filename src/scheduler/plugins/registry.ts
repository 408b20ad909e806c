// The in-tree plugins by name (upstream's plugins/registry.go): a plain record of factories.
// Profiles name plugins from here; tests and embedders may pass a registry of their own.
import type { PluginFactory } from '../framework/interfaces.ts';
import * as defaultBinder from './default-binder/index.ts';
import * as defaultPreemption from './default-preemption/index.ts';
import * as imageLocality from './image-locality/index.ts';
import * as interPodAffinity from './inter-pod-affinity/index.ts';
import * as nodeAffinity from './node-affinity/index.ts';
import * as nodeName from './node-name/index.ts';
import * as nodePorts from './node-ports/index.ts';
import * as balanced from './node-resources-balanced-allocation/index.ts';
import * as fit from './node-resources-fit/index.ts';
import * as nodeUnschedulable from './node-unschedulable/index.ts';
import * as podTopologySpread from './pod-topology-spread/index.ts';
import * as prioritySort from './priority-sort/index.ts';
import * as schedulingGates from './scheduling-gates/index.ts';
import * as taintToleration from './taint-toleration/index.ts';
import * as volumeBinding from './volume-binding/index.ts';

export const inTreeRegistry = {
  [schedulingGates.NAME]: () => schedulingGates.newSchedulingGates(),
  [prioritySort.NAME]: () => prioritySort.newPrioritySort(),
  [nodeUnschedulable.NAME]: () => nodeUnschedulable.newNodeUnschedulable(),
  [nodeName.NAME]: () => nodeName.newNodeName(),
  [taintToleration.NAME]: () => taintToleration.newTaintToleration(),
  [nodeAffinity.NAME]: (args) => nodeAffinity.newNodeAffinity(args),
  [nodePorts.NAME]: () => nodePorts.newNodePorts(),
  [volumeBinding.NAME]: (args, handle) => volumeBinding.newVolumeBinding(args, handle),
  [fit.NAME]: (args) => fit.newNodeResourcesFit(args),
  [podTopologySpread.NAME]: (args, handle) => podTopologySpread.newPodTopologySpread(args, handle),
  [interPodAffinity.NAME]: (args, handle) => interPodAffinity.newInterPodAffinity(args, handle),
  [defaultPreemption.NAME]: (args, handle) => defaultPreemption.newDefaultPreemption(args, handle),
  [balanced.NAME]: (args) => balanced.newBalancedAllocation(args),
  [imageLocality.NAME]: (args, handle) => imageLocality.newImageLocality(args, handle),
  [defaultBinder.NAME]: (args, handle) => defaultBinder.newDefaultBinder(args, handle),
} satisfies Record<string, PluginFactory>;
