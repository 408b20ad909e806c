// The etcd backend: `etcd://host1:2379,host2:2379`.
export { COMPACT_REV_KEY, EtcdStore, type EtcdStoreOptions, openEtcdStore } from './etcd-store.ts';
export { type EtcdRestoreOptions, restoreEtcdSnapshot, saveEtcdSnapshot } from './snapshot.ts';
