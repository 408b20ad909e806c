// Creating and deleting a controller's pods through the API, with the events upstream's
// RealPodControl records on the owner: SuccessfulCreate "Created pod: <name>", FailedCreate
// "Error creating: <error>", SuccessfulDelete "Deleted pod: <name>", FailedDelete
// "Error deleting: <error>".
import {
  type Client,
  type EventRecorder,
  isNotFound,
  PODS,
  type ResourceClient,
  type WrittenMetadata,
} from '../../client/index.ts';
import { errorMessage, isNamespaceTerminating } from './errors.ts';
import type { Owner, Pod } from './types.ts';

export const SUCCESSFUL_CREATE = 'SuccessfulCreate';
export const FAILED_CREATE = 'FailedCreate';
export const SUCCESSFUL_DELETE = 'SuccessfulDelete';
export const FAILED_DELETE = 'FailedDelete';

/** Pod writes on behalf of an owner. Usage: `await podControl.createPod(rs, podFromTemplate(...))`. */
export class PodControl {
  readonly pods: ResourceClient<Pod>;
  readonly #recorder: EventRecorder;

  constructor(client: Client, recorder: EventRecorder) {
    this.pods = client.resource<Pod>(PODS);
    this.#recorder = recorder;
  }

  /**
   * Creates a pod in the owner's namespace; records the outcome on the owner. Returns the
   * created pod's metadata (its generated name, uid, resourceVersion): the rest of the answer is
   * not read (a controller learns its pods from its informer).
   */
  async createPod(owner: Owner, pod: Pod): Promise<WrittenMetadata> {
    const namespace = owner.metadata?.namespace ?? '';
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0)
      throw new Error('unable to create pods, no labels');
    try {
      const created = await this.pods.namespace(namespace).createForMetadata(pod);
      this.#recorder.event(owner, 'Normal', SUCCESSFUL_CREATE, `Created pod: ${created.name}`);
      return created;
    } catch (e) {
      if (!isNamespaceTerminating(e))
        this.#recorder.event(owner, 'Warning', FAILED_CREATE, `Error creating: ${errorMessage(e)}`);
      throw e;
    }
  }

  /** Deletes a pod; NotFound is rethrown without an event (it is gone already). */
  async deletePod(owner: Owner, namespace: string, name: string): Promise<void> {
    try {
      await this.pods.namespace(namespace).deleteOnly(name);
    } catch (e) {
      if (isNotFound(e)) throw e;
      this.#recorder.event(owner, 'Warning', FAILED_DELETE, `Error deleting: ${errorMessage(e)}`);
      throw new Error(`unable to delete pods: ${errorMessage(e)}`, { cause: e });
    }
    this.#recorder.event(owner, 'Normal', SUCCESSFUL_DELETE, `Deleted pod: ${name}`);
  }

  /** A strategic merge patch of a pod (finalizer removal, adoption). */
  async patchPod(namespace: string, name: string, patch: unknown): Promise<Pod> {
    return this.pods.namespace(namespace).patch(name, 'strategic', patch);
  }
}
