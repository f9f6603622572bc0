import { describe, expect, it } from '@jest/globals';
import { parseDuration, tryParseDuration } from '../../../manifest/parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['72h', 259_200_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '72', 'h', '1.5h', '-1h', '72 h', '3w', '1H', ' 1h', '99999999999999999999d'])('refuses %j', (text) => {
    expect(tryParseDuration(text)).toBeUndefined();
    expect(() => parseDuration(text)).toThrow(RangeError);
  });

  it('names the text and the expected form when it refuses', () => {
    expect(() => parseDuration('soon')).toThrow('"soon" is not a duration: write a number and a unit (ms, s, m, h, d), for example 30s, 15m, 72h or 7d');
  });
});
