import type { LineCounter, YAMLError } from 'yaml';

/** A YAML parse error or warning in plain words, at its position. */
export interface SyntaxProblem {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  message: string;
}

function sentence(err: YAMLError, text: string): string {
  const snippet = text.slice(err.pos[0], Math.min(err.pos[1], err.pos[0] + 60)).split('\n')[0];
  switch (err.code) {
    case 'DUPLICATE_KEY': {
      const key = /^("[^"]*"|'[^']*'|[^:#\n]*[^:#\s])\s*:/.exec(text.slice(err.pos[0]))?.[1] ?? snippet;
      return `key ${key.startsWith('"') || key.startsWith("'") ? key : JSON.stringify(key)} appears twice in the same mapping`;
    }
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a second ---); keep one';
    case 'TAG_RESOLVE_FAILED':
      return `unknown YAML tag ${JSON.stringify(snippet)}; remove it`;
    default:
      return `YAML syntax error: ${err.message.replace(/\.$/, '')}`;
  }
}

/** Errors and warnings of a parsed document, with 1-based positions. */
export function yamlSyntaxProblems(errors: readonly YAMLError[], lineCounter: LineCounter, text: string): SyntaxProblem[] {
  return errors.map((err) => {
    const start = lineCounter.linePos(err.pos[0]);
    const end = lineCounter.linePos(Math.max(err.pos[0], err.pos[1]));
    return { line: start.line, col: start.col, endLine: end.line, endCol: end.col, message: sentence(err, text) };
  });
}
