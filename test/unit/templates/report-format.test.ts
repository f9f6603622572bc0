import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../../bot/parse-command.js';
import { reportPeriod } from '../../../templates/report/build-stats.js';
import { change, duration, percent, periodText } from '../../../templates/report/report-format.js';

describe('report numbers as people read them', () => {
  it('durations, rates and changes', () => {
    expect([duration(null), duration(42.4), duration(330), duration(7500), duration(3 * 86_400 + 4 * 3600)]).toEqual(['-', '42s', '5m 30s', '2h 05m', '3d 4h']);
    expect([percent(null), percent(0.5), percent(2 / 3)]).toEqual(['-', '50.0%', '66.7%']);
    expect([change('count', 5, 250), change('count', -3, null), change('count', 0, 0)]).toEqual(['+5 (+250.0%)', '-3', '±0 (±0.0%)']);
    expect([change('rate', -0.333), change('seconds', 60), change('seconds', null)]).toEqual(['-33.3 pts', '+1m 00s', '-']);
  });

  it('a period: its days and its words', () => {
    const p = reportPeriod(new Date('2026-05-01T00:00:00Z'), new Date('2026-05-31T12:00:00Z'), '30d');
    expect(p).toEqual({ since: '2026-05-01T00:00:00.000Z', until: '2026-05-31T12:00:00.000Z', days: 31, label: '30d' });
    expect(periodText(p)).toBe('the last 30d (2026-05-01 00:00 UTC to 2026-05-31 12:00 UTC)');
    expect(periodText({ ...p, label: '2026-05-01' })).toMatch(/^since 2026-05-01 \(/);
  });
});

describe('/report in a comment', () => {
  it('takes one period of days or weeks, 7 days when none is given', () => {
    expect(parseCommand('/report', { isPullRequest: false })).toEqual({ kind: 'command', command: 'report', images: [], text: '' });
    expect(parseCommand('/report 30d', { isPullRequest: true })).toMatchObject({ kind: 'command', command: 'report', text: '30d' });
    expect(parseCommand('/report 2w', { isPullRequest: true })).toMatchObject({ text: '2w' });
    expect(parseCommand('/report lately', { isPullRequest: true })).toEqual({ kind: 'reply', text: expect.stringMatching(/^`\/report \[7d\|30d\]` takes one period/) });
    expect(parseCommand('/report 7d 30d', { isPullRequest: true }).kind).toBe('reply');
    expect(parseCommand('/reprot', { isPullRequest: true })).toMatchObject({ kind: 'reply', text: expect.stringContaining('did you mean `/report`') });
  });
});
