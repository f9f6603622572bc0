import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { PayloadKey, PayloadKeys } from './payload-keys.js';

const { Payload: PayloadMessage } = proto.temporal.api.common.v1;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/**
 * Encrypts every payload with AES-256-GCM under the current key: the whole payload (its metadata too) is
 * serialized, encrypted with a random 96-bit IV and the key id as associated data, and stored as IV ||
 * ciphertext || tag. The key id travels in clear metadata so a rotated key still decrypts what it wrote.
 * Payloads that were never encrypted pass through decode unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: Map<string, PayloadKey>;

  constructor(private readonly payloadKeys: PayloadKeys) {
    this.keys = new Map([payloadKeys.current, ...payloadKeys.old].map((k) => [k.id, k]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.payloadKeys.current;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(id));
      const body = Buffer.concat([cipher.update(PayloadMessage.encode(payload).finish()), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id), [CIPHER_METADATA]: Buffer.from(CIPHER) },
        data: Buffer.concat([iv, body, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const id = text(payload.metadata?.[KEY_ID_METADATA]);
      const known = id === undefined ? undefined : this.keys.get(id);
      if (!known) {
        const held = [...this.keys.keys()].join(', ');
        throw new ValueError(
          `This payload was encrypted with payload key id ${id ?? '(none)'}, which this process does not hold (it holds ${held}): ` +
            'give the bot, the workers and the CLIs the same IMAGEFACTORY_PAYLOAD_KEY (or key file), and list retired keys in IMAGEFACTORY_PAYLOAD_KEYS_OLD.',
        );
      }
      const data = Buffer.from(payload.data ?? []);
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError(`An encrypted payload (key id ${id}) is too short to hold an IV and a tag: it was altered.`);
      const decipher = createDecipheriv('aes-256-gcm', known.key, data.subarray(0, IV_BYTES)).setAAD(Buffer.from(known.id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new ValueError(`An encrypted payload (key id ${id}) does not authenticate under that key: it was altered.`);
      }
      return PayloadMessage.decode(plain);
    });
  }
}
