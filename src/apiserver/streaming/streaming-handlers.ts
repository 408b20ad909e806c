// The pod streaming subresources an ApiServer instance serves over plain HTTP: pods/log is
// proxied to the kubelet; exec, attach and portforward are only served as upgrades (see
// upgrade-proxy.ts), so a request that did not upgrade gets upstream's answer.
import { badRequest } from '../../machinery/status.ts';
import type { SubresourceHandler } from '../subresources/index.ts';
import { servePodLog } from './pod-log.ts';

const upgradeRequired: SubresourceHandler = async () => {
  throw badRequest('Upgrade request required');
};

/** Routes keyed as ApiServer.subresourceHandlers keys them (`group/resource/subresource`). */
export function podStreamingHandlers(): Record<string, SubresourceHandler> {
  return {
    '/pods/log': servePodLog,
    '/pods/exec': upgradeRequired,
    '/pods/attach': upgradeRequired,
    '/pods/portforward': upgradeRequired,
  };
}
