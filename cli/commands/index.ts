import type { Command } from 'commander';
import type { Io } from '../io.js';
import { register as registerMigrate } from './migrate.js';
import { register as registerAudit } from './audit.js';
import { register as registerCan } from './can.js';
import { register as registerValidate } from './validate.js';
import { register as registerWhois } from './whois.js';
import { register as registerWorker } from './worker.js';
import { register as registerRun } from './run.js';
import { register as registerStatus } from './status.js';
import { register as registerLogs } from './logs.js';
import { register as registerDecide } from './decide.js';

/** Each command file exports a register function; main.ts calls them in this order for --help. */
export type RegisterCommand = (program: Command, io: Io) => void;

export const commands: RegisterCommand[] = [
  registerRun,
  registerStatus,
  registerLogs,
  registerDecide,
  registerMigrate,
  registerAudit,
  registerCan,
  registerWhois,
  registerValidate,
  registerWorker,
];
