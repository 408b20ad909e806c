// Prints throughput of the hot machinery paths: label selector matching (scheduler, controllers),
// selector parsing (every list/watch request), quantity parse/add/compare (scheduler fit checks).
// Run: ./node_modules/.bin/node bench/machinery.ts
import { labelSelectorAsSelector } from '../src/machinery/label-selector.ts';
import { parseSelector } from '../src/machinery/labels.ts';
import { parseQuantity } from '../src/machinery/quantity.ts';

function measure(label: string, n: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn(i); // warm up
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < n; i++) if (fn(i)) sink++;
  const ns = Number(process.hrtime.bigint() - start) / n;
  console.log(
    `${label.padEnd(44)} ${ns.toFixed(1).padStart(8)} ns/op ${Math.round(1e9 / ns)
      .toLocaleString('en')
      .padStart(14)} ops/s  (${sink})`,
  );
}

const pods = Array.from({ length: 1000 }, (_, i) => ({
  app: i % 3 === 0 ? 'web' : 'db',
  tier: ['frontend', 'backend', 'cache'][i % 3]!,
  'pod-template-hash': `h${i % 7}`,
  env: i % 2 ? 'prod' : 'dev',
}));

const N = 2_000_000;
const eq = parseSelector('app=web');
measure('match app=web', N, (i) => eq.matches(pods[i % 1000]));
const three = labelSelectorAsSelector({
  matchLabels: { app: 'web', 'pod-template-hash': 'h3' },
  matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }],
});
measure('match deployment-style selector (3 terms)', N, (i) => three.matches(pods[i % 1000]));
const mixed = parseSelector('app in (web,db),env!=staging,!legacy,tier notin (cache)');
measure('match app in (..),env!=,!legacy,tier notin', N, (i) => mixed.matches(pods[i % 1000]));

measure('parse "app=web,tier in (a,b),!legacy"', 300_000, () =>
  parseSelector('app=web,tier in (a,b),!legacy'),
);

const strings = ['100m', '250m', '1', '1.5', '128Mi', '2Gi', '500M', '0.5'];
measure('parseQuantity (mixed)', 500_000, (i) => parseQuantity(strings[i % strings.length]!));
const qs = strings.map(parseQuantity);
const cpu = strings.slice(0, 4).map(parseQuantity);
measure('Quantity.add (cpu)', 1_000_000, (i) => cpu[i % 4]!.add(cpu[(i + 1) % 4]!));
measure('Quantity.cmp (mixed scales)', 1_000_000, (i) => qs[i % 8]!.cmp(qs[(i + 3) % 8]!));
measure('Quantity.milliValue', 1_000_000, (i) => qs[i % 8]!.milliValue());
measure('Quantity.toString (parsed, cached)', 1_000_000, (i) => qs[i % 8]!.toString());
