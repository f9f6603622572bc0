import { DatabaseInUseError } from '../db/open-pglite.js';

/** The exit status of a command that failed with `err`: 2 when the embedded database is in use, else 1. */
export function failureStatus(err: unknown): number {
  return err instanceof DatabaseInUseError ? err.exitCode : 1;
}
