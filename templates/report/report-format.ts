/** How report numbers read: percentages, durations, trends. Pure. */

export const percent = (rate: number | null): string => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);

/** 42s, 5m 30s, 2h 05m, 3d 4h. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '-' : '±');

/** "+12 (+25.0%)", "-3.2 pts", "+1m 05s": a change with its direction. */
export function change(kind: 'count' | 'rate' | 'seconds', value: number | null, percentOf?: number | null): string {
  if (value === null) return '-';
  if (kind === 'rate') return `${sign(value)}${Math.abs(value * 100).toFixed(1)} pts`;
  if (kind === 'seconds') return `${sign(value)}${duration(Math.abs(value))}`;
  const pct = percentOf === undefined || percentOf === null ? '' : ` (${sign(percentOf)}${Math.abs(percentOf).toFixed(1)}%)`;
  return `${sign(value)}${Math.abs(value)}${pct}`;
}

/** YYYY-MM-DD HH:MM UTC of an ISO time. */
export const when = (iso: string | null): string => (iso === null ? '-' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);

/** "the last 30d (2024-05-01 00:00 UTC to 2024-05-31 00:00 UTC)". */
export function periodText(p: { since: string; until: string; label: string }): string {
  return `${/^\d+[mhdw]$/.test(p.label) ? `the last ${p.label}` : `since ${p.label}`} (${when(p.since)} to ${when(p.until)})`;
}
