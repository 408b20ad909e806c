// Test and bench children tied to their parent (test/support/tied-spawn.ts): a bench killed by
// hand must not leave its kts server, hollow nodes or scheduler running and loading the machine.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { processAlive } from '../src/kubelet/containerd/processes.ts';
import { waitFor } from './support/wait.ts';

it('a tied child gets SIGTERM when the process that spawned it is SIGKILLed', async () => {
  const tiedSpawn = pathToFileURL(join(import.meta.dirname, 'support', 'tied-spawn.ts')).href;
  const script = `import { spawnTied } from ${JSON.stringify(tiedSpawn)};
const child = spawnTied('sleep', ['300'], { stdio: 'ignore' });
console.log(child.pid);
setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pid = 0;
  try {
    pid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      parent.once('exit', (code) => reject(new Error(`the parent exited (${code})`)));
    });
    assert.ok(pid > 0 && processAlive(pid), 'the child runs');
    parent.kill('SIGKILL');
    await waitFor('the child gone', () => !processAlive(pid), 10_000);
  } finally {
    parent.kill('SIGKILL');
    if (pid && processAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});
