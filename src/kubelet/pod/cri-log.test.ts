import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CriLogFormatter,
  formatCriLog,
  formatTimestamp,
  parseCriLogLine,
  parseTimeNs,
  tailStart,
} from './cri-log.ts';

const file = Buffer.from(
  [
    '2016-10-06T00:17:09.669794202Z stdout P part one, ',
    '2016-10-06T00:17:09.669794203Z stdout F part two',
    '2016-10-06T00:17:10.1Z stderr F an error',
    'not a log line',
    '2016-10-06T00:17:11Z stdout F last',
    '',
  ].join('\n'),
);

test('parses CRI lines: time, stream, partial tag, content', () => {
  const l = parseCriLogLine(Buffer.from('2016-10-06T00:17:09.669794202Z stdout P hello \n'));
  assert.equal(l.timestamp, '2016-10-06T00:17:09.669794202Z');
  assert.equal(l.timeNs, 1475713029669794202n);
  assert.equal(l.stream, 'stdout');
  assert.equal(l.partial, true);
  assert.equal(l.content.toString(), 'hello ');
  const full = parseCriLogLine(Buffer.from('2016-10-06T00:17:09Z stderr F:x text with  spaces'));
  assert.equal(full.partial, false);
  assert.equal(full.content.toString(), 'text with  spaces\n');
  assert.throws(() => parseCriLogLine(Buffer.from('nope')), /timestamp is not found/);
  assert.throws(
    () => parseCriLogLine(Buffer.from('2016-10-06T00:17:09Z stdin F x')),
    /unexpected stream type "stdin"/,
  );
  assert.throws(() => parseCriLogLine(Buffer.from('yesterday stdout F x')), /unexpected timestamp format/);
  assert.equal(parseTimeNs('2016-10-06T02:17:09.5+02:00'), 1475713029500000000n);
});

test('kubectl logs output: partials joined, bad lines skipped, timestamps per logical line', () => {
  assert.equal(formatCriLog(file).toString(), 'part one, part two\nan error\nlast\n');
  assert.equal(
    formatCriLog(file, { timestamps: true }).toString(),
    '2016-10-06T00:17:09.669794202Z part one, part two\n2016-10-06T00:17:10.1Z an error\n2016-10-06T00:17:11Z last\n',
  );
  assert.equal(formatCriLog(file, { stream: 'stderr' }).toString(), 'an error\n');
});

test('since, tail and limit-bytes', () => {
  assert.equal(
    formatCriLog(file, { sinceNs: parseTimeNs('2016-10-06T00:17:10Z') }).toString(),
    'an error\nlast\n',
  );
  assert.equal(formatCriLog(file, { tailLines: 1 }).toString(), 'last\n');
  assert.equal(formatCriLog(file, { tailLines: 3 }).toString(), 'an error\nlast\n');
  assert.equal(formatCriLog(file, { tailLines: 0 }).toString(), '');
  assert.equal(formatCriLog(file, { tailLines: 100 }).toString(), 'part one, part two\nan error\nlast\n');
  assert.equal(formatCriLog(file, { limitBytes: 12 }).toString(), 'part one, pa');
  assert.equal(tailStart(Buffer.from('a\nb\nc'), 2), 2);
});

test('the formatter follows a file fed in arbitrary chunks', () => {
  const f = new CriLogFormatter();
  let out = '';
  for (let i = 0; i < file.length; i += 7)
    for (const p of f.push(file.subarray(i, i + 7))) out += p.data.toString();
  assert.equal(out, 'part one, part two\nan error\nlast\n');
  const limited = new CriLogFormatter({ limitBytes: 4 });
  limited.push(file);
  assert.ok(limited.done);
});

test('timestamps print like Go RFC3339Nano', () => {
  assert.equal(formatTimestamp(1475713029669794200n), '2016-10-06T00:17:09.6697942Z');
  assert.equal(formatTimestamp(1475713029000000000n), '2016-10-06T00:17:09Z');
});
