import type { Command } from 'commander';
import type { Io } from '../io.js';

/** Each command file exports a register function; main.ts calls them in this order for --help. */
export type RegisterCommand = (program: Command, io: Io) => void;

export const commands: RegisterCommand[] = [
];
