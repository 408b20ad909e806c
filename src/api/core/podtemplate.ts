// core/v1 PodTemplate: a named pod template, validated like any embedded template. Upstream
// counts its generation on `.template` changes (it has no spec).
import type { PodTemplate } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../machinery/json-value.ts';
import { column, formatLabels } from '../internal/table.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';
import { defaultPodTemplateSpec } from './pod-spec/defaults.ts';
import { dropDisabledTemplateFields } from './pod-spec/disabled-fields.ts';
import { validatePodTemplateSpec } from './pod-spec/validate.ts';
import { podTemplateWarnings } from './pod-spec/warnings.ts';
import { containerCells, NAME_COLUMN } from './table-cells.ts';

type PodTemplateObject = KubeObject & PodTemplate;

export const podTemplateStrategy: ResourceStrategy<PodTemplateObject> = {
  group: '',
  kind: 'PodTemplate',
  resource: 'podtemplates',
  singular: 'podtemplate',
  namespaced: true,
  versions: ['v1'],

  defaults: (obj) => defaultPodTemplateSpec(obj.template),
  prepareForCreate: (obj) => dropDisabledTemplateFields(obj.template),
  prepareForUpdate: (obj, old) => dropDisabledTemplateFields(obj.template, old.template),
  generationChanged: (obj, old) => !deepEqual(obj.template, old.template),

  validate: (obj) => validatePodTemplateSpec(obj.template, 'template'),
  validateUpdate: (obj) => validatePodTemplateSpec(obj.template, 'template'),
  warnings: (obj, old) => podTemplateWarnings(obj.template, 'template', old?.template),

  table: {
    columns: [
      NAME_COLUMN,
      column('Containers', 'Names of each container in the template.'),
      column('Images', 'Images referenced by each container in the template.'),
      column('Pod Labels', 'The labels for the pod template.'),
    ],
    row(obj) {
      const [names, images] = containerCells(obj.template?.spec?.containers);
      return [obj.metadata?.name ?? '', names, images, formatLabels(obj.template?.metadata?.labels)];
    },
  },
};
