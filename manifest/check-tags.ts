import { didYouMean } from './did-you-mean.js';
import { parseTagTemplate, TAG_PLACEHOLDERS, type TagPlaceholder } from './tag-template.js';
import type { SemanticCheck } from './validate-yaml.js';
import { eachImage, entryAt, stringItems } from './walk.js';

const KNOWN = TAG_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');
/** The shortest a placeholder renders to (a commit sha is 40 characters; branches are cut to fit). */
const MIN_LENGTH: Record<TagPlaceholder, number> = { sha: 40, short_sha: 7, date: 8, branch: 1, tag: 1 };

/** What is wrong with one tag template, and where in it (characters from its start), or undefined. */
export function tagTemplateProblem(template: string): { message: string; offset: number } | undefined {
  for (const part of parseTagTemplate(template)) {
    if (part.kind === 'broken') {
      return { message: `tag template ${JSON.stringify(template)} has an unmatched ${JSON.stringify(part.text.slice(0, 2))}: placeholders are written {{name}}`, offset: part.offset };
    }
    if (part.kind === 'placeholder' && !(TAG_PLACEHOLDERS as readonly string[]).includes(part.name)) {
      const guess = didYouMean(part.name, TAG_PLACEHOLDERS);
      const hint = guess ? `; did you mean {{${guess}}}?` : '';
      return { message: `unknown placeholder {{${part.name}}}${hint} (known: ${KNOWN})`, offset: part.offset };
    }
  }
  for (const part of parseTagTemplate(template)) {
    if (part.kind !== 'text') continue;
    const bad = part.text.search(/[^A-Za-z0-9_.-]/);
    if (bad >= 0) {
      return { message: `tag template ${JSON.stringify(template)} holds ${JSON.stringify(part.text[bad])}, which a tag cannot hold (letters, digits, "_", "." and "-" only)`, offset: part.offset + bad };
    }
  }
  if (/^[.-]/.test(template)) return { message: `a tag cannot start with ${JSON.stringify(template[0])}`, offset: 0 };
  const length = parseTagTemplate(template).reduce((n, p) => n + (p.kind === 'placeholder' ? MIN_LENGTH[p.name as TagPlaceholder] : p.text.length), 0);
  return length > 128 ? { message: `tag template ${JSON.stringify(template)} gives tags longer than 128 characters`, offset: 0 } : undefined;
}

/** Tag templates (`tags`, `promote.tags`) use known placeholders and only characters a tag may hold. */
export const checkTags: SemanticCheck = function checkTagTemplates(manifest, ctx) {
  for (const [name, image] of eachImage(manifest)) {
    const lists: [string[], unknown][] = [
      [['images', name, 'tags'], image.tags],
      [['images', name, 'promote', 'tags'], entryAt(image, 'promote')?.tags],
    ];
    for (const [at, list] of lists) {
      for (const [i, template] of stringItems(list)) {
        const problem = tagTemplateProblem(template);
        if (problem) ctx.report([...at, i], problem.message, { offset: problem.offset });
      }
    }
  }
};
