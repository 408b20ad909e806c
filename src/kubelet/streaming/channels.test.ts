import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseProtocol, frame, parseMessage, REMOTE_COMMAND_PROTOCOLS } from './channels.ts';
import { streamOptionsFromQuery } from './remote-command.ts';

test('v5 is chosen over v4; nothing without a common protocol', () => {
  assert.equal(
    chooseProtocol(['v4.channel.k8s.io', 'v5.channel.k8s.io'], REMOTE_COMMAND_PROTOCOLS),
    'v5.channel.k8s.io',
  );
  assert.equal(chooseProtocol(['v4.channel.k8s.io'], REMOTE_COMMAND_PROTOCOLS), 'v4.channel.k8s.io');
  assert.equal(chooseProtocol(['channel.k8s.io'], REMOTE_COMMAND_PROTOCOLS), undefined);
});

test('one leading channel byte per message', () => {
  assert.deepEqual(frame(1, Buffer.from('out')), Buffer.from([1, 111, 117, 116]));
  assert.deepEqual(parseMessage(Buffer.from([255, 0])), { channel: 255, data: Buffer.from([0]) });
  assert.equal(parseMessage(Buffer.alloc(0)), undefined);
});

test('stream flags from the query; a tty has no separate stderr', () => {
  assert.deepEqual(streamOptionsFromQuery(new URLSearchParams('stdin=true&stdout=true&stderr=true')), {
    stdin: true,
    stdout: true,
    stderr: true,
    tty: false,
  });
  assert.deepEqual(streamOptionsFromQuery(new URLSearchParams('stdout=1&stderr=true&tty=true')), {
    stdin: false,
    stdout: true,
    stderr: false,
    tty: true,
  });
});
