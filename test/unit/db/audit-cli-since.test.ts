import { describe, expect, it } from '@jest/globals';
import { parseSince } from '../../../cli/commands/audit.js';

const now = new Date('2024-05-08T12:00:00.000Z');

describe('audit export --since', () => {
  it.each([
    ['30m', '2024-05-08T11:30:00.000Z'],
    ['24h', '2024-05-07T12:00:00.000Z'],
    ['7d', '2024-05-01T12:00:00.000Z'],
    ['2w', '2024-04-24T12:00:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T10:20:30Z', '2024-05-01T10:20:30.000Z'],
    ['2024-05-01T10:20:30.5+02:00', '2024-05-01T08:20:30.500Z'],
  ])('reads %s', (input, expected) => {
    expect(parseSince(input, now)?.toISOString()).toBe(expected);
  });

  it.each(['yesterday', '7 days', '-1d', '2024-13-01', '2024-05-01T25:00', '', '1y'])('refuses %j', (input) => {
    expect(parseSince(input, now)).toBeUndefined();
  });
});
