/**
 * One thing wrong with a YAML file, at a 1-based line and column. `path` is the YAML path of the value
 * concerned (`images.api.scan.fail_on[1]`), empty for problems of the file as a whole (syntax, empty file).
 * `endLine`/`endCol` (exclusive) cover the offending text, for editors and check-run annotations.
 */
export interface Problem {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
  endLine?: number;
  endCol?: number;
}

/** `FILE:LINE:COL: message (at PATH)`; without ` (at PATH)` when the path is empty. The one layout used everywhere. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}${p.path ? ` (at ${p.path})` : ''}`;
}

/** Problems in reading order (line, column, then path and message), each once. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}\0${p.line}\0${p.col}\0${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path) || a.message.localeCompare(b.message));
}
