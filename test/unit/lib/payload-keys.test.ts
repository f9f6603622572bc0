import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../../lib/config.js';
import { loadPayloadKeys, payloadKey, preparePayloadKey } from '../../../lib/payload-keys.js';

const key = () => randomBytes(32).toString('base64');
const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-keys-'));
const config = (env: Record<string, string | undefined>) => loadConfig({ HOME: os.homedir(), ...env });

describe('the payload key', () => {
  it('is made on the embedded stack when missing: 44 base64 characters, mode 0600, the same on the next load', () => {
    const dir = dataDir();
    const first = loadPayloadKeys(config({ IMAGEFACTORY_DATA: dir }));
    const file = path.join(dir, 'keys', 'payload-aes256.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(first.current.key).toHaveLength(32);
    expect(loadPayloadKeys(config({ IMAGEFACTORY_DATA: dir })).current).toEqual(first.current);
    expect(fs.readdirSync(path.join(dir, 'keys'))).toEqual(['payload-aes256.key']);
  });

  it('with TEMPORAL_ADDRESS set and no key anywhere, stops with a sentence naming the variables and makes nothing', () => {
    const dir = dataDir();
    const run = () => loadPayloadKeys(config({ IMAGEFACTORY_DATA: dir, TEMPORAL_ADDRESS: 'temporal.example.com:7233' }));
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/IMAGEFACTORY_PAYLOAD_KEY=.*since TEMPORAL_ADDRESS is set; or IMAGEFACTORY_PAYLOAD_KEY_FILE .*payload-aes256\.key does not exist/);
    expect(fs.existsSync(path.join(dir, 'keys'))).toBe(false);
  });

  it('takes IMAGEFACTORY_PAYLOAD_KEY before the file, and IMAGEFACTORY_PAYLOAD_KEY_FILE with TEMPORAL_ADDRESS', () => {
    const k = key();
    const dir = dataDir();
    expect(loadPayloadKeys(config({ IMAGEFACTORY_DATA: dir, IMAGEFACTORY_PAYLOAD_KEY: k, TEMPORAL_ADDRESS: 't:7233' })).current).toEqual(payloadKey(k));
    const file = path.join(dir, 'shared.key');
    fs.writeFileSync(file, `${k}\n`);
    expect(loadPayloadKeys(config({ IMAGEFACTORY_DATA: dir, IMAGEFACTORY_PAYLOAD_KEY_FILE: file, TEMPORAL_ADDRESS: 't:7233' })).current.id).toBe(payloadKey(k).id);
  });

  it('names the variable of a malformed key without printing it, and the file of a malformed key file', () => {
    expect(() => config({ IMAGEFACTORY_PAYLOAD_KEY: 'hunter2' })).toThrow('IMAGEFACTORY_PAYLOAD_KEY="<hidden, 7 characters>" is not valid: expected base64 of 32 bytes');
    expect(() => config({ IMAGEFACTORY_PAYLOAD_KEYS_OLD: `${key()},short` })).toThrow(/^IMAGEFACTORY_PAYLOAD_KEYS_OLD="<hidden, 5 characters>"/);
    const file = path.join(dataDir(), 'bad.key');
    fs.writeFileSync(file, 'not a key\n');
    expect(() => loadPayloadKeys(config({ IMAGEFACTORY_PAYLOAD_KEY_FILE: file }))).toThrow(`IMAGEFACTORY_PAYLOAD_KEY_FILE="${file}" is not valid: expected a file holding base64 of 32 bytes`);
  });

  it('lists retired keys that still decrypt; a key id is the same wherever the key is held', () => {
    const [now, then] = [key(), key()];
    const keys = loadPayloadKeys(config({ IMAGEFACTORY_PAYLOAD_KEY: now, IMAGEFACTORY_PAYLOAD_KEYS_OLD: ` ${then} ` }));
    expect(keys.old.map((k) => k.id)).toEqual([payloadKey(then).id]);
    expect(payloadKey(now).id).toMatch(/^[0-9a-f]{16}$/);
    expect(payloadKey(now).id).not.toBe(payloadKey(then).id);
  });

  it("is prepared by setup: made once, then left alone; skipped with TEMPORAL_ADDRESS or IMAGEFACTORY_PAYLOAD_KEY", () => {
    const dir = dataDir();
    const made = preparePayloadKey(config({ IMAGEFACTORY_DATA: dir }));
    expect(made).toMatchObject({ made: true, message: expect.stringMatching(/payload-aes256\.key made \(key id [0-9a-f]{16}, mode 0600\)$/) });
    expect(preparePayloadKey(config({ IMAGEFACTORY_DATA: dir }))).toMatchObject({ made: false, message: expect.stringMatching(/payload-aes256\.key exists/) });
    expect(preparePayloadKey(config({ IMAGEFACTORY_DATA: dataDir(), TEMPORAL_ADDRESS: 't:7233' }))).toMatchObject({ made: false, message: expect.stringContaining("TEMPORAL_ADDRESS is set: give this machine the deployment's shared key") });
    expect(preparePayloadKey(config({ IMAGEFACTORY_PAYLOAD_KEY: key() })).message).toMatch(/^IMAGEFACTORY_PAYLOAD_KEY is set/);
  });
});
