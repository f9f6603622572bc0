import type { Command } from 'commander';
import type { Io } from '../io.js';

/** Each command file exports a register function that defines the command (or commands) on the program. */
export type RegisterCommand = (program: Command, io: Io) => void;

export interface CommandEntry {
  /** The names it answers to on the command line. */
  names: readonly string[];
  /** Loads its file: a command starts by loading only what it needs. */
  load(): Promise<{ register: RegisterCommand }>;
}

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { names: ['run'], load: () => import('./run.js') },
  { names: ['status'], load: () => import('./status.js') },
  { names: ['logs'], load: () => import('./logs.js') },
  { names: ['report'], load: () => import('./report.js') },
  { names: ['approve', 'reject', 'release', 'cancel'], load: () => import('./decide.js') },
  { names: ['migrate'], load: () => import('./migrate.js') },
  { names: ['audit'], load: () => import('./audit.js') },
  { names: ['can'], load: () => import('./can.js') },
  { names: ['whois'], load: () => import('./whois.js') },
  { names: ['validate'], load: () => import('./validate.js') },
  { names: ['worker'], load: () => import('./worker.js') },
  { names: ['serve'], load: () => import('./serve.js') },
];

/** The commands to load for an argument vector: the one it names, or all of them (help, a typo, none). */
export function commandsFor(argv: readonly string[] | undefined): readonly CommandEntry[] {
  const word = argv?.slice(2).find((a) => !a.startsWith('-'));
  const named = word === undefined ? [] : COMMANDS.filter((c) => c.names.includes(word));
  return named.length > 0 ? named : COMMANDS;
}
