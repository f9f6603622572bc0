import { DEFAULT_TAGS, isTagPlaceholder, parseTagTemplate, TAG_PATTERN, type TagPlaceholder } from './tag-template.js';

/** What a build knows about its commit; a missing value makes the templates that use it yield no tag. */
export interface TagValues {
  sha: string;
  branch?: string;
  tag?: string;
  /** The build's request time; `{{date}}` is its UTC day as YYYYMMDD. */
  date?: Date;
}

/** Replaces what an OCI tag cannot hold with `-` (so `feature/login` becomes `feature-login`). */
export function sanitizeTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, '-');
}

function yyyymmdd(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
}

function placeholderValue(name: TagPlaceholder, values: TagValues): string | undefined {
  const nonEmpty = (s: string | undefined) => (s ? s : undefined);
  switch (name) {
    case 'sha':
      return nonEmpty(values.sha);
    case 'short_sha':
      return nonEmpty(values.sha?.slice(0, 7));
    case 'branch':
      return nonEmpty(values.branch);
    case 'tag':
      return nonEmpty(values.tag);
    case 'date':
      return values.date ? yyyymmdd(values.date) : undefined;
  }
}

function renderOne(template: string, values: TagValues): string | undefined {
  let out = '';
  for (const part of parseTagTemplate(template)) {
    if (part.kind === 'broken') return undefined;
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    if (!isTagPlaceholder(part.name)) return undefined;
    const value = placeholderValue(part.name, values);
    if (value === undefined) return undefined;
    out += sanitizeTagValue(value);
  }
  out = out.replace(/^[.-]/, '_').slice(0, 128);
  return TAG_PATTERN.test(out) ? out : undefined;
}

/**
 * Renders tag templates (`{{sha}}`, `{{short_sha}}`, `{{branch}}`, `{{tag}}`, `{{date}}`) into OCI tags,
 * in order and without duplicates. No templates means DEFAULT_TAGS (`{{sha}}`). A template whose
 * placeholder has no value (`{{tag}}` on a branch push) yields no tag; values are made tag-safe (`/` and
 * other characters a tag cannot hold become `-`, at most 128 characters). Pure: workflow code calls it.
 */
export function renderTags(templates: readonly string[] | undefined, values: TagValues): string[] {
  const list = templates && templates.length > 0 ? templates : DEFAULT_TAGS;
  const tags: string[] = [];
  for (const template of list) {
    const tag = renderOne(template, values);
    if (tag !== undefined && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}
