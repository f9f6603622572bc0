import { markdownTable } from 'markdown-table';

/** Text from elsewhere (a reason, a package name, an error) as inline markdown: one line, markup escaped. */
export function mdText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[\\`*_[\]<>|~#!&]/g, (c) => `\\${c}`);
}

/** A value as an inline code span (a digest, a tag, a repository), safe whatever backticks it holds. */
export function mdCode(value: string): string {
  const v = value.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${v}${pad}${ticks}`;
}

/** Lines as a fenced code block whose fence no line can close. */
export function mdFence(lines: readonly string[], info = 'text'): string {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...lines, fence].join('\n');
}

/**
 * A GitHub-flavoured table; cells are markdown already (mdText, mdCode). A pipe ends a cell even inside a
 * code span, so a bare one is escaped (GitHub shows `\|` as the pipe itself in a table).
 */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => c.replace(/(?<!\\)\|/g, '\\|');
  return markdownTable([header, ...rows].map((r) => r.map(cell)), { alignDelimiters: false });
}

/** Text cut to at most `max` characters, saying so at the end when it was. */
export function cutTo(text: string, max: number, note = '\n\n… (cut to fit)'): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - note.length))}${note}`;
}
