// The metric specs and statuses of autoscaling/v2 in the autoscaling/v1 annotation shape (the
// v2beta1-like MetricSpec/MetricStatus of k8s.io/api/autoscaling/v1), both ways, with keys in
// Go's JSON field order so the annotations read as upstream writes them.
import type { MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.d.ts';

export type Rec = Record<string, any>;

/** An object of the defined values only, in the given key order (Go's JSON field order). */
export function rec(entries: [string, unknown][]): Rec {
  const out: Rec = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

const ref = (r: Rec | undefined) =>
  rec([
    ['kind', r?.kind ?? ''],
    ['name', r?.name ?? ''],
    ['apiVersion', r?.apiVersion],
  ]);

// ---- metric specs ----

export function specToV1(m: MetricSpec): Rec {
  const t = (x: Rec | undefined) => x?.target ?? {};
  switch (m.type) {
    case 'Object':
      return rec([
        ['type', m.type],
        [
          'object',
          rec([
            ['target', ref(m.object?.describedObject)],
            ['metricName', m.object?.metric?.name ?? ''],
            ['targetValue', t(m.object).value ?? '0'],
            ['selector', m.object?.metric?.selector],
            ['averageValue', t(m.object).averageValue],
          ]),
        ],
      ]);
    case 'Pods':
      return rec([
        ['type', m.type],
        [
          'pods',
          rec([
            ['metricName', m.pods?.metric?.name ?? ''],
            ['targetAverageValue', t(m.pods).averageValue ?? '0'],
            ['selector', m.pods?.metric?.selector],
          ]),
        ],
      ]);
    case 'Resource':
      return rec([
        ['type', m.type],
        [
          'resource',
          rec([
            ['name', m.resource?.name ?? ''],
            ['targetAverageUtilization', t(m.resource).averageUtilization],
            ['targetAverageValue', t(m.resource).averageValue],
          ]),
        ],
      ]);
    case 'ContainerResource':
      return rec([
        ['type', m.type],
        [
          'containerResource',
          rec([
            ['name', m.containerResource?.name ?? ''],
            ['targetAverageUtilization', t(m.containerResource).averageUtilization],
            ['targetAverageValue', t(m.containerResource).averageValue],
            ['container', m.containerResource?.container ?? ''],
          ]),
        ],
      ]);
    case 'External':
      return rec([
        ['type', m.type],
        [
          'external',
          rec([
            ['metricName', m.external?.metric?.name ?? ''],
            ['metricSelector', m.external?.metric?.selector],
            ['targetValue', t(m.external).value],
            ['targetAverageValue', t(m.external).averageValue],
          ]),
        ],
      ]);
  }
  return { type: m.type };
}

const metric = (name: string, selector: unknown) =>
  rec([
    ['name', name ?? ''],
    ['selector', selector],
  ]);

export function specFromV1(m: Rec): MetricSpec {
  switch (m.type) {
    case 'Object': {
      const o = m.object ?? {};
      return {
        type: 'Object',
        object: {
          describedObject: ref(o.target) as any,
          metric: metric(o.metricName, o.selector) as any,
          target: rec([
            ['type', o.averageValue === undefined ? 'Value' : 'AverageValue'],
            ['value', o.targetValue ?? '0'],
            ['averageValue', o.averageValue],
          ]) as any,
        },
      };
    }
    case 'Pods': {
      const p = m.pods ?? {};
      return {
        type: 'Pods',
        pods: {
          metric: metric(p.metricName, p.selector) as any,
          target: { type: 'AverageValue', averageValue: p.targetAverageValue ?? '0' },
        },
      };
    }
    case 'Resource':
    case 'ContainerResource': {
      const r = (m.type === 'Resource' ? m.resource : m.containerResource) ?? {};
      const target = rec([
        ['type', r.targetAverageUtilization === undefined ? 'AverageValue' : 'Utilization'],
        ['averageValue', r.targetAverageValue],
        ['averageUtilization', r.targetAverageUtilization],
      ]) as any;
      if (m.type === 'Resource') return { type: 'Resource', resource: { name: r.name ?? '', target } };
      return {
        type: 'ContainerResource',
        containerResource: { name: r.name ?? '', container: r.container ?? '', target },
      };
    }
    case 'External': {
      const e = m.external ?? {};
      return {
        type: 'External',
        external: {
          metric: metric(e.metricName, e.metricSelector) as any,
          target: rec([
            ['type', e.targetValue === undefined ? 'AverageValue' : 'Value'],
            ['value', e.targetValue],
            ['averageValue', e.targetAverageValue],
          ]) as any,
        },
      };
    }
  }
  return { type: m.type } as MetricSpec;
}

// ---- metric statuses ----

export function statusToV1(m: MetricStatus): Rec {
  const c = (x: Rec | undefined) => x?.current ?? {};
  switch (m.type) {
    case 'Object':
      return rec([
        ['type', m.type],
        [
          'object',
          rec([
            ['target', ref(m.object?.describedObject)],
            ['metricName', m.object?.metric?.name ?? ''],
            ['currentValue', c(m.object).value ?? '0'],
            ['selector', m.object?.metric?.selector],
            ['averageValue', c(m.object).averageValue],
          ]),
        ],
      ]);
    case 'Pods':
      return rec([
        ['type', m.type],
        [
          'pods',
          rec([
            ['metricName', m.pods?.metric?.name ?? ''],
            ['currentAverageValue', c(m.pods).averageValue ?? '0'],
            ['selector', m.pods?.metric?.selector],
          ]),
        ],
      ]);
    case 'Resource':
      return rec([
        ['type', m.type],
        [
          'resource',
          rec([
            ['name', m.resource?.name ?? ''],
            ['currentAverageUtilization', c(m.resource).averageUtilization],
            ['currentAverageValue', c(m.resource).averageValue ?? '0'],
          ]),
        ],
      ]);
    case 'ContainerResource':
      return rec([
        ['type', m.type],
        [
          'containerResource',
          rec([
            ['name', m.containerResource?.name ?? ''],
            ['currentAverageUtilization', c(m.containerResource).averageUtilization],
            ['currentAverageValue', c(m.containerResource).averageValue ?? '0'],
            ['container', m.containerResource?.container ?? ''],
          ]),
        ],
      ]);
    case 'External':
      return rec([
        ['type', m.type],
        [
          'external',
          rec([
            ['metricName', m.external?.metric?.name ?? ''],
            ['metricSelector', m.external?.metric?.selector],
            ['currentValue', c(m.external).value ?? '0'],
            ['currentAverageValue', c(m.external).averageValue],
          ]),
        ],
      ]);
  }
  return { type: m.type };
}

export function statusFromV1(m: Rec): MetricStatus {
  switch (m.type) {
    case 'Object': {
      const o = m.object ?? {};
      return {
        type: 'Object',
        object: {
          describedObject: ref(o.target) as any,
          metric: metric(o.metricName, o.selector) as any,
          current: rec([
            ['value', o.currentValue ?? '0'],
            ['averageValue', o.averageValue],
          ]),
        },
      };
    }
    case 'Pods': {
      const p = m.pods ?? {};
      return {
        type: 'Pods',
        pods: {
          metric: metric(p.metricName, p.selector) as any,
          current: { averageValue: p.currentAverageValue ?? '0' },
        },
      };
    }
    case 'Resource':
    case 'ContainerResource': {
      const r = (m.type === 'Resource' ? m.resource : m.containerResource) ?? {};
      const current = rec([
        ['averageValue', r.currentAverageValue ?? '0'],
        ['averageUtilization', r.currentAverageUtilization],
      ]);
      if (m.type === 'Resource') return { type: 'Resource', resource: { name: r.name ?? '', current } };
      return {
        type: 'ContainerResource',
        containerResource: { name: r.name ?? '', container: r.container ?? '', current },
      };
    }
    case 'External': {
      const e = m.external ?? {};
      return {
        type: 'External',
        external: {
          metric: metric(e.metricName, e.metricSelector) as any,
          current: rec([
            ['value', e.currentValue ?? '0'],
            ['averageValue', e.currentAverageValue],
          ]),
        },
      };
    }
  }
  return { type: m.type } as MetricStatus;
}
