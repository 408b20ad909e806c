// The apiextensions.k8s.io API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { customResourceDefinitionStrategy } from './custom-resource-definition.ts';

export const apiextensionsResources: ResourceStrategy<any>[] = [customResourceDefinitionStrategy];
