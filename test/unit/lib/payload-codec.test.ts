import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../../../lib/payload-codec.js';
import { payloadKey } from '../../../lib/payload-keys.js';

const key = () => payloadKey(randomBytes(32).toString('base64'));
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');

describe('the AES-256-GCM payload codec', () => {
  it('hides data and metadata, names the key id, and gives the payload back whole', async () => {
    const k = key();
    const codec = new AesGcmPayloadCodec({ current: k, old: [] });
    const payload = defaultPayloadConverter.toPayload({ DEPLOY_TOKEN: 'tok-very-secret' });
    const [sealed] = await codec.encode([payload]);
    expect(text(sealed.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(sealed.metadata!['encryption-key-id'])).toBe(k.id);
    expect(text(sealed.metadata!['encryption-cipher'])).toBe('AES-256-GCM');
    expect(Buffer.from(sealed.data!).includes('tok-very-secret')).toBe(false);
    expect(Buffer.from(sealed.data!).includes('json/plain')).toBe(false);
    const [again] = await codec.encode([payload]);
    expect(Buffer.from(again.data!).equals(Buffer.from(sealed.data!))).toBe(false);
    const [open] = await codec.decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(open)).toEqual({ DEPLOY_TOKEN: 'tok-very-secret' });
  });

  it('passes payloads that were never encrypted through', async () => {
    const plain = defaultPayloadConverter.toPayload('written before encryption');
    expect(await new AesGcmPayloadCodec({ current: key(), old: [] }).decode([plain])).toEqual([plain]);
  });

  it('decrypts with a retired key after rotation, and names the key id it does not hold', async () => {
    const [old, current, stranger] = [key(), key(), key()];
    const [sealed] = await new AesGcmPayloadCodec({ current: old, old: [] }).encode([defaultPayloadConverter.toPayload('x')]);
    const [open] = await new AesGcmPayloadCodec({ current, old: [old] }).decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(open)).toBe('x');
    await expect(new AesGcmPayloadCodec({ current: stranger, old: [] }).decode([sealed])).rejects.toThrow(
      `This payload was encrypted with payload key id ${old.id}, which this process does not hold (it holds ${stranger.id})`,
    );
  });

  it('refuses a payload whose bytes or key id were altered', async () => {
    const k = key();
    const codec = new AesGcmPayloadCodec({ current: k, old: [] });
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    const flipped = Buffer.from(sealed.data!);
    flipped[20] ^= 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(`An encrypted payload (key id ${k.id}) does not authenticate under that key: it was altered.`);
    await expect(codec.decode([{ ...sealed, data: flipped.subarray(0, 10) }])).rejects.toThrow(/too short/);
  });
});
