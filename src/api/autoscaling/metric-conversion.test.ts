// The v2 ↔ v1-annotation metric conversions, key order included (the annotations must read as
// upstream writes them), for every source type in both directions and both sides (specs with
// their `target*` fields, statuses with their `current*` fields and non-pointer zeros).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specFromV1, specToV1, statusFromV1, statusToV1 } from './metric-conversion.ts';

/** [v2 metric, its v1 form, what the v1 form converts back to] as JSON. */
type Case = [v2: string, v1: string, back: string];

const SPEC_CASES: Case[] = [
  [
    '{"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metric":{"name":"rps","selector":{"matchLabels":{"app":"x"}}},"target":{"type":"Value","value":"10k"}}}',
    '{"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"rps","targetValue":"10k","selector":{"matchLabels":{"app":"x"}}}}',
    '{"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metric":{"name":"rps","selector":{"matchLabels":{"app":"x"}}},"target":{"type":"Value","value":"10k"}}}',
  ],
  [
    '{"type":"Object","object":{"describedObject":{"kind":"Service","name":"s"},"metric":{"name":"q"},"target":{"type":"AverageValue","averageValue":"5"}}}',
    '{"type":"Object","object":{"target":{"kind":"Service","name":"s"},"metricName":"q","targetValue":"0","averageValue":"5"}}',
    '{"type":"Object","object":{"describedObject":{"kind":"Service","name":"s"},"metric":{"name":"q"},"target":{"type":"AverageValue","value":"0","averageValue":"5"}}}',
  ],
  [
    '{"type":"Pods","pods":{"metric":{"name":"pps","selector":{"matchLabels":{"app":"x"}}},"target":{"type":"AverageValue","averageValue":"1k"}}}',
    '{"type":"Pods","pods":{"metricName":"pps","targetAverageValue":"1k","selector":{"matchLabels":{"app":"x"}}}}',
    '{"type":"Pods","pods":{"metric":{"name":"pps","selector":{"matchLabels":{"app":"x"}}},"target":{"type":"AverageValue","averageValue":"1k"}}}',
  ],
  [
    '{"type":"Pods","pods":{"metric":{"name":"pps"},"target":{"type":"AverageValue"}}}',
    '{"type":"Pods","pods":{"metricName":"pps","targetAverageValue":"0"}}',
    '{"type":"Pods","pods":{"metric":{"name":"pps"},"target":{"type":"AverageValue","averageValue":"0"}}}',
  ],
  [
    '{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}',
    '{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}',
    '{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}',
  ],
  [
    '{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}',
    '{"type":"Resource","resource":{"name":"cpu","targetAverageUtilization":60}}',
    '{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}',
  ],
  [
    '{"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","target":{"type":"Utilization","averageUtilization":70}}}',
    '{"type":"ContainerResource","containerResource":{"name":"cpu","targetAverageUtilization":70,"container":"app"}}',
    '{"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","target":{"type":"Utilization","averageUtilization":70}}}',
  ],
  [
    '{"type":"ContainerResource","containerResource":{"name":"memory","container":"app","target":{"type":"AverageValue","averageValue":"1Gi"}}}',
    '{"type":"ContainerResource","containerResource":{"name":"memory","targetAverageValue":"1Gi","container":"app"}}',
    '{"type":"ContainerResource","containerResource":{"name":"memory","container":"app","target":{"type":"AverageValue","averageValue":"1Gi"}}}',
  ],
  [
    '{"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"app":"x"}}},"target":{"type":"Value","value":"30"}}}',
    '{"type":"External","external":{"metricName":"queue","metricSelector":{"matchLabels":{"app":"x"}},"targetValue":"30"}}',
    '{"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"app":"x"}}},"target":{"type":"Value","value":"30"}}}',
  ],
  [
    '{"type":"External","external":{"metric":{"name":"queue"},"target":{"type":"AverageValue","averageValue":"3"}}}',
    '{"type":"External","external":{"metricName":"queue","targetAverageValue":"3"}}',
    '{"type":"External","external":{"metric":{"name":"queue"},"target":{"type":"AverageValue","averageValue":"3"}}}',
  ],
  ['{"type":"Unknown"}', '{"type":"Unknown"}', '{"type":"Unknown"}'],
];

const STATUS_CASES: Case[] = [
  [
    '{"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metric":{"name":"rps","selector":{"matchLabels":{"app":"x"}}},"current":{"value":"9k"}}}',
    '{"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"rps","currentValue":"9k","selector":{"matchLabels":{"app":"x"}}}}',
    '{"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metric":{"name":"rps","selector":{"matchLabels":{"app":"x"}}},"current":{"value":"9k"}}}',
  ],
  [
    '{"type":"Object","object":{"describedObject":{"kind":"Service","name":"s"},"metric":{"name":"q"},"current":{"averageValue":"4"}}}',
    '{"type":"Object","object":{"target":{"kind":"Service","name":"s"},"metricName":"q","currentValue":"0","averageValue":"4"}}',
    '{"type":"Object","object":{"describedObject":{"kind":"Service","name":"s"},"metric":{"name":"q"},"current":{"value":"0","averageValue":"4"}}}',
  ],
  [
    '{"type":"Pods","pods":{"metric":{"name":"pps","selector":{"matchLabels":{"app":"x"}}},"current":{"averageValue":"900"}}}',
    '{"type":"Pods","pods":{"metricName":"pps","currentAverageValue":"900","selector":{"matchLabels":{"app":"x"}}}}',
    '{"type":"Pods","pods":{"metric":{"name":"pps","selector":{"matchLabels":{"app":"x"}}},"current":{"averageValue":"900"}}}',
  ],
  [
    '{"type":"Pods","pods":{"metric":{"name":"pps"},"current":{}}}',
    '{"type":"Pods","pods":{"metricName":"pps","currentAverageValue":"0"}}',
    '{"type":"Pods","pods":{"metric":{"name":"pps"},"current":{"averageValue":"0"}}}',
  ],
  [
    '{"type":"Resource","resource":{"name":"memory","current":{"averageValue":"90Mi"}}}',
    '{"type":"Resource","resource":{"name":"memory","currentAverageValue":"90Mi"}}',
    '{"type":"Resource","resource":{"name":"memory","current":{"averageValue":"90Mi"}}}',
  ],
  [
    '{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":55,"averageValue":"200m"}}}',
    '{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":55,"currentAverageValue":"200m"}}',
    '{"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"200m","averageUtilization":55}}}',
  ],
  [
    '{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":55}}}',
    '{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":55,"currentAverageValue":"0"}}',
    '{"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"0","averageUtilization":55}}}',
  ],
  [
    '{"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","current":{"averageUtilization":65}}}',
    '{"type":"ContainerResource","containerResource":{"name":"cpu","currentAverageUtilization":65,"currentAverageValue":"0","container":"app"}}',
    '{"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","current":{"averageValue":"0","averageUtilization":65}}}',
  ],
  [
    '{"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"app":"x"}}},"current":{"value":"25"}}}',
    '{"type":"External","external":{"metricName":"queue","metricSelector":{"matchLabels":{"app":"x"}},"currentValue":"25"}}',
    '{"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"app":"x"}}},"current":{"value":"25"}}}',
  ],
  [
    '{"type":"External","external":{"metric":{"name":"queue"},"current":{"averageValue":"2"}}}',
    '{"type":"External","external":{"metricName":"queue","currentValue":"0","currentAverageValue":"2"}}',
    '{"type":"External","external":{"metric":{"name":"queue"},"current":{"value":"0","averageValue":"2"}}}',
  ],
  ['{"type":"Unknown"}', '{"type":"Unknown"}', '{"type":"Unknown"}'],
];

for (const [v2, v1, back] of SPEC_CASES) {
  test(`spec ${v2}`, () => {
    const converted = specToV1(JSON.parse(v2));
    assert.equal(JSON.stringify(converted), v1);
    assert.equal(JSON.stringify(specFromV1(converted)), back);
  });
}

for (const [v2, v1, back] of STATUS_CASES) {
  test(`status ${v2}`, () => {
    const converted = statusToV1(JSON.parse(v2));
    assert.equal(JSON.stringify(converted), v1);
    assert.equal(JSON.stringify(statusFromV1(converted)), back);
  });
}
