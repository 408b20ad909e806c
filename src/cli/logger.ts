// One logger for the whole process: JSON lines by default, `-v N` raises verbosity like klog.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(verbosity = 0, name = 'kts'): Logger {
  const level = verbosity >= 4 ? 'trace' : verbosity >= 2 ? 'debug' : 'info';
  return pino({ name, level, base: { pid: process.pid } });
}
