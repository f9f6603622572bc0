import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** The process logger: JSON lines on stderr (stdout stays for command output). */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'imagefactory'): Logger {
  return pino({ name, level: config.logLevel }, pino.destination(2));
}

export type { Logger };
