// The query and path parameters of the REST operations, as upstream's installer declares them
// from its option structs (ListOptions, CreateOptions, PatchOptions, UpdateOptions, DeleteOptions,
// PodLogOptions …). kubectl reads one of them: it sends `?fieldValidation=Strict` only when the
// PATCH operation of a kind declares `fieldValidation`.

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  type: 'string' | 'integer' | 'boolean';
  description: string;
  required?: boolean;
}

const q = (name: string, type: Parameter['type'], description: string): Parameter => ({
  name,
  in: 'query',
  type,
  description,
});

export const PRETTY = q('pretty', 'string', "If 'true', then the output is pretty printed.");

export const NAMESPACE_PATH: Parameter = {
  name: 'namespace',
  in: 'path',
  type: 'string',
  description: 'object name and auth scope, such as for teams and projects',
  required: true,
};

export function namePath(kind: string): Parameter {
  return { name: 'name', in: 'path', type: 'string', description: `name of the ${kind}`, required: true };
}

export const PROXY_PATH: Parameter = {
  name: 'path',
  in: 'path',
  type: 'string',
  description: 'path to the resource',
  required: true,
};

const dryRun = q(
  'dryRun',
  'string',
  'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive results in an error and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
);
const fieldManager = q(
  'fieldManager',
  'string',
  'fieldManager is a name associated with the actor or entity that is making these changes. The value must be at most 128 characters long and contain only printable characters.',
);
const fieldValidation = q(
  'fieldValidation',
  'string',
  'fieldValidation determines how the server responds to unknown and duplicate fields in the object of the request. Valid values are: - Ignore: ignores unknown and duplicate fields. - Warn: answers with a warning for each unknown or duplicate field, but serves the request. - Strict: fails the request on unknown or duplicate fields.',
);
const force = q(
  'force',
  'boolean',
  'Force is going to "force" Apply requests: the caller re-acquires fields owned by other managers that conflict with the request. Must be unset for non-apply patch requests.',
);

/** POST. */
export const CREATE_PARAMETERS: readonly Parameter[] = [dryRun, fieldManager, fieldValidation];
/** PUT. */
export const UPDATE_PARAMETERS: readonly Parameter[] = [dryRun, fieldManager, fieldValidation];
/** PATCH. */
export const PATCH_PARAMETERS: readonly Parameter[] = [
  dryRun,
  force,
  {
    ...fieldManager,
    description: `${fieldManager.description} It is required for apply requests (application/apply-patch) and optional for the other patch types.`,
  },
  fieldValidation,
];

/** DELETE (query parameters mirroring DeleteOptions). */
export const DELETE_PARAMETERS: readonly Parameter[] = [
  q(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted. Zero means delete immediately; unset means the default grace period of the kind.',
  ),
  q(
    'ignoreStoreReadErrorWithClusterBreakingPotential',
    'boolean',
    'if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.',
  ),
  q(
    'orphanDependents',
    'boolean',
    'Deprecated: use propagationPolicy. Whether the dependent objects should be orphaned.',
  ),
  q(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection is performed: 'Orphan', 'Background' or 'Foreground'.",
  ),
  dryRun,
];

/** GET of collections (ListOptions), in upstream's order. */
export const LIST_PARAMETERS: readonly Parameter[] = [
  q(
    'allowWatchBookmarks',
    'boolean',
    'allowWatchBookmarks requests watch events with type "BOOKMARK". If this is not a watch, this field is ignored.',
  ),
  q(
    'continue',
    'string',
    'The continue option should be set when retrieving more results from the server, with the value of a previous list result.',
  ),
  q(
    'fieldSelector',
    'string',
    'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  ),
  q(
    'labelSelector',
    'string',
    'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  ),
  q(
    'limit',
    'integer',
    'limit is a maximum number of responses to return for a list call. If more items exist, the list metadata carries a `continue` value to retrieve the next set.',
  ),
  q(
    'resourceVersion',
    'string',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  q(
    'resourceVersionMatch',
    'string',
    'resourceVersionMatch determines how resourceVersion is applied to list calls.',
  ),
  q(
    'sendInitialEvents',
    'boolean',
    'With watch=true, sendInitialEvents=true starts the watch stream with synthetic events of the current state, followed by a bookmark.',
  ),
  q('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  q(
    'watch',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
  ),
];

/** DELETE of collections: DeleteOptions and ListOptions without the watch ones. */
export const DELETE_COLLECTION_PARAMETERS: readonly Parameter[] = [
  ...DELETE_PARAMETERS,
  ...LIST_PARAMETERS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks'),
];

/** GET pods/{name}/log (PodLogOptions). */
export const POD_LOG_PARAMETERS: readonly Parameter[] = [
  q(
    'container',
    'string',
    'The container for which to stream logs. Defaults to the only container if there is one container in the pod.',
  ),
  q('follow', 'boolean', 'Follow the log stream of the pod.'),
  q(
    'insecureSkipTLSVerifyBackend',
    'boolean',
    'Do not verify the serving certificate of the kubelet when fetching the logs.',
  ),
  q(
    'limitBytes',
    'integer',
    'If set, the number of bytes to read from the server before terminating the log output.',
  ),
  q('previous', 'boolean', 'Return the logs of the previously terminated container.'),
  q('sinceSeconds', 'integer', 'A relative time in seconds before the current time from which to show logs.'),
  q('stream', 'string', 'Which container log stream to return: All, Stdout or Stderr.'),
  q('tailLines', 'integer', 'If set, the number of lines from the end of the logs to show.'),
  q(
    'timestamps',
    'boolean',
    'If true, add an RFC3339 timestamp at the beginning of every line of log output.',
  ),
];

/** Connect operations of pods: exec and attach (PodExecOptions, PodAttachOptions), portforward. */
export const POD_EXEC_PARAMETERS: readonly Parameter[] = [
  q('command', 'string', 'Command is the remote command to execute. One parameter per argument.'),
  q('container', 'string', 'Container in which to execute the command.'),
  q('stderr', 'boolean', 'Redirect the standard error stream of the pod for this call.'),
  q('stdin', 'boolean', 'Redirect the standard input stream of the pod for this call.'),
  q('stdout', 'boolean', 'Redirect the standard output stream of the pod for this call.'),
  q('tty', 'boolean', 'Allocate a terminal for this call.'),
];
export const POD_ATTACH_PARAMETERS: readonly Parameter[] = POD_EXEC_PARAMETERS.filter(
  (p) => p.name !== 'command',
);
export const POD_PORT_FORWARD_PARAMETERS: readonly Parameter[] = [
  q('ports', 'integer', 'List of ports to forward.'),
];
export const PROXY_PARAMETERS: readonly Parameter[] = [
  q('path', 'string', 'Path is the URL path to use for the current proxy request.'),
];
