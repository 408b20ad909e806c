// Upstream only keeps metadata.generation for kinds whose strategies set it (workloads, CRDs,
// ingresses, network policies, PDBs, endpoint slices...). For the others (ConfigMaps, Services,
// Nodes, RBAC objects...) it never moves; their strategies say so with this hook.
export const noGeneration = (): boolean => false;
