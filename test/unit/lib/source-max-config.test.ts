import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../lib/config.js';

describe('IMAGEFACTORY_SOURCE_MAX_MIB', () => {
  it('defaults to 2 GiB and takes a whole number of MiB', () => {
    expect(loadConfig({}).sourceMaxBytes).toBe(2048 * 1024 * 1024);
    expect(loadConfig({ IMAGEFACTORY_SOURCE_MAX_MIB: '16' }).sourceMaxBytes).toBe(16 * 1024 * 1024);
  });

  it.each(['0', '2GiB', '-1', '1.5'])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ IMAGEFACTORY_SOURCE_MAX_MIB: value })).toThrow(/IMAGEFACTORY_SOURCE_MAX_MIB/);
  });
});
