// The `kts` command: wires subcommands together; each subcommand lives in its own file.
import { Command } from 'commander';
import { KTS_VERSION } from '../api/version.ts';
import { registerAgentCommand } from './agent-command.ts';
import { registerControllerManagerCommand } from './controller-manager-command.ts';
import { registerHollowNodesCommand } from './hollow-nodes-command.ts';
import { registerImageCommands } from './image-command.ts';
import { registerKillallCommand } from './killall-command.ts';
import { registerSchedulerCommand } from './scheduler-command.ts';
import { registerServerCommands } from './server-command.ts';
import { registerStoreCommands } from './store-command.ts';

const program = new Command();
program.name('kts').description('Kubernetes, written in TypeScript').version(KTS_VERSION);
registerServerCommands(program);
registerAgentCommand(program);
registerStoreCommands(program);
registerImageCommands(program);
registerControllerManagerCommand(program);
registerSchedulerCommand(program);
registerHollowNodesCommand(program);
registerKillallCommand(program);

await program.parseAsync(process.argv);
