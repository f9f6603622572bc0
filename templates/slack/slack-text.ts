/** Text from elsewhere (a login, a reason, a package) as Slack mrkdwn: `&`, `<` and `>` escaped, one line. */
export function slackText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A value as inline code (a build id, a digest): backticks cannot be escaped in mrkdwn, so they become quotes. */
export function slackCode(value: string): string {
  return `\`${slackText(value).replace(/`/g, "'")}\``;
}

/** A link, `<url|label>`; the label plain when there is no URL. */
export function slackLink(url: string | undefined, label: string): string {
  return url ? `<${url.replace(/[<>|]/g, encodeURIComponent)}|${slackText(label).replace(/\|/g, '¦')}>` : slackText(label);
}

/**
 * A moment as Slack shows it in each reader's own time zone (`<!date^...>`), with the UTC time as the
 * fallback for clients that cannot.
 */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return slackText(iso);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

/** Slack's limit on a section's text. */
export const SECTION_TEXT_LIMIT = 3000;

/** Text cut to at most `max` characters, ending in `…` when it was. */
export const cutText = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
