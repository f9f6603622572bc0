/**
 * The tag-template language shared by the validator and the renderer: literal text and `{{name}}`
 * placeholders (spaces inside the braces allowed). Pure, with no Node imports.
 */
export const TAG_PLACEHOLDERS = ['sha', 'short_sha', 'branch', 'tag', 'date'] as const;
export type TagPlaceholder = (typeof TAG_PLACEHOLDERS)[number];

/** Tags used when an image lists none. */
export const DEFAULT_TAGS: readonly string[] = ['{{sha}}'];

/** An OCI tag: up to 128 characters from [A-Za-z0-9_.-], not starting with `.` or `-`. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export type TemplatePart =
  | { kind: 'text'; text: string; offset: number }
  | { kind: 'placeholder'; name: string; offset: number }
  | { kind: 'broken'; text: string; offset: number };

/** Splits a template into text and placeholders; an unclosed `{{` or a stray `}}` is a broken part. */
export function parseTagTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const re = /\{\{([^{}]*)\}\}/g;
  let last = 0;
  const pushText = (text: string, offset: number) => {
    if (text === '') return;
    const bad = text.search(/\{\{|\}\}/);
    if (bad >= 0) parts.push({ kind: 'broken', text: text.slice(bad), offset: offset + bad });
    else parts.push({ kind: 'text', text, offset });
  };
  for (const m of template.matchAll(re)) {
    pushText(template.slice(last, m.index), last);
    parts.push({ kind: 'placeholder', name: m[1].trim(), offset: m.index });
    last = m.index + m[0].length;
  }
  pushText(template.slice(last), last);
  return parts;
}

export function isTagPlaceholder(name: string): name is TagPlaceholder {
  return (TAG_PLACEHOLDERS as readonly string[]).includes(name);
}
