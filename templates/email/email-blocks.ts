/**
 * An email's body as blocks, rendered twice from the same content: HTML (inline styles, as mail clients
 * want) and plain text. Every string is plain text from elsewhere; the HTML renderer escapes it.
 */
export type EmailBlock =
  | { heading: string }
  | { p: string }
  | { facts: { label: string; value: string; href?: string }[] }
  | { table: { head: string[]; rows: string[][] } }
  | { list: string[] }
  /** Commands to type or paste, one per line. */
  | { commands: string[] }
  /** Lines as they were (a log tail). */
  | { pre: string[] }
  | { links: { label: string; href: string }[] }
  /** An image attached to the email (`cid:`), shown at width x height CSS pixels; the HTML body only. */
  | { image: { cid: string; alt: string; width: number; height: number } };

export interface EmailContent {
  subject: string;
  /** The first sentence: what happened. */
  lead: string;
  blocks: EmailBlock[];
  /** Why the reader gets this mail and how to stop it. */
  footer: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const href = (url: string) => escapeHtml(/^(https?|mailto):/i.test(url) ? url : '#');
const CELL = 'style="padding:4px 12px 4px 0;text-align:left;vertical-align:top"';
const CODE = 'style="font-family:SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f6;padding:8px;white-space:pre-wrap;margin:8px 0"';

function blockHtml(b: EmailBlock): string {
  if ('heading' in b) return `<h3 style="margin:20px 0 8px;font-size:15px">${escapeHtml(b.heading)}</h3>`;
  if ('p' in b) return `<p style="margin:8px 0">${escapeHtml(b.p)}</p>`;
  if ('facts' in b) {
    const rows = b.facts.map((f) => `<tr><th ${CELL}>${escapeHtml(f.label)}</th><td ${CELL}>${f.href ? `<a href="${href(f.href)}">${escapeHtml(f.value)}</a>` : escapeHtml(f.value)}</td></tr>`);
    return `<table style="border-collapse:collapse;margin:8px 0">${rows.join('')}</table>`;
  }
  if ('table' in b) {
    const head = `<tr>${b.table.head.map((h) => `<th ${CELL}>${escapeHtml(h)}</th>`).join('')}</tr>`;
    const rows = b.table.rows.map((r) => `<tr>${r.map((c) => `<td ${CELL}>${escapeHtml(c)}</td>`).join('')}</tr>`);
    return `<table style="border-collapse:collapse;margin:8px 0">${head}${rows.join('')}</table>`;
  }
  if ('list' in b) return `<ul style="margin:8px 0">${b.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  if ('commands' in b || 'pre' in b) return `<pre ${CODE}>${escapeHtml(('commands' in b ? b.commands : b.pre).join('\n'))}</pre>`;
  if ('image' in b) {
    const i = b.image;
    return `<p style="margin:12px 0"><img src="cid:${escapeHtml(i.cid)}" alt="${escapeHtml(i.alt)}" width="${i.width}" height="${i.height}" style="display:block;max-width:100%;height:auto;border:0"></p>`;
  }
  return `<p style="margin:8px 0">${b.links.map((l) => `<a href="${href(l.href)}">${escapeHtml(l.label)}</a>`).join(' · ')}</p>`;
}

function blockText(b: Exclude<EmailBlock, { image: unknown }>): string {
  if ('heading' in b) return `${b.heading}\n${'-'.repeat(b.heading.length)}`;
  if ('p' in b) return b.p;
  if ('facts' in b) {
    const width = Math.max(...b.facts.map((f) => f.label.length));
    return b.facts.map((f) => `${`${f.label}:`.padEnd(width + 2)}${f.value}${f.href && f.href !== f.value ? ` <${f.href}>` : ''}`).join('\n');
  }
  if ('table' in b) {
    const all = [b.table.head, ...b.table.rows];
    const widths = b.table.head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    return [line(b.table.head), ...b.table.rows.map(line)].join('\n');
  }
  if ('list' in b) return b.list.map((i) => `- ${i}`).join('\n');
  if ('commands' in b || 'pre' in b) return ('commands' in b ? b.commands : b.pre).map((l) => `    ${l}`).join('\n');
  return b.links.map((l) => `${l.label}: ${l.href}`).join('\n');
}

/** The subject, the plain-text body and the HTML body of one email. Pure. */
export function renderEmail(content: EmailContent): RenderedEmail {
  const textBlocks = content.blocks.filter((b): b is Exclude<EmailBlock, { image: unknown }> => !('image' in b));
  const text = [content.lead, ...textBlocks.map(blockText), '-- ', content.footer].join('\n\n').replace(/\n\n-- \n\n/, '\n\n-- \n');
  const body = [`<p style="margin:8px 0;font-size:15px"><strong>${escapeHtml(content.lead)}</strong></p>`, ...content.blocks.map(blockHtml)].join('\n');
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1f2328;line-height:1.5">
${body}
<p style="margin:24px 0 0;color:#656d76;font-size:12px">${escapeHtml(content.footer)}</p>
</body></html>
`;
  return { subject: content.subject, text: `${text}\n`, html };
}
