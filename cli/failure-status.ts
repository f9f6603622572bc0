/**
 * The exit status of a command that failed with `err`: the one the error carries (an embedded database in
 * use says 2: see db/open-pglite.ts), else 1. Read off the error, so the CLI loads no database code for it.
 */
export function failureStatus(err: unknown): number {
  const code = (err as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' && Number.isInteger(code) && code > 0 ? code : 1;
}
