import { afterEach, describe, expect, it } from '@jest/globals';
import { RegistryClient } from '../../../activities/registry/registry-client.js';
import { RegistryError } from '../../../activities/registry/registry-error.js';
import { listen, sha256, tokenRegistryHandler, tokenServiceHandler, type Listening, type SeenRequest } from '../../helpers/token-registry-double.js';

/**
 * The bearer-token flow against HTTP doubles on loopback: 127.0.0.1 is the registry's host; 127.0.0.2
 * (also this machine, but another host by name) stands for a token service or a storage host elsewhere.
 */
describe('registry credentials go only where they belong (token flow doubles)', () => {
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] }));
  const blob = Buffer.from('layer bytes that live on a storage host');
  const credential = { username: 'factory', password: 's3cret' };
  let seen: SeenRequest[];
  let servers: Listening[];
  afterEach(async () => {
    for (const s of servers) await s.close();
  });

  async function setUp(opts: { realmHost: '127.0.0.1' | '127.0.0.2'; anonymous?: string }) {
    seen = [];
    servers = [];
    const tokens = await listen('tokens', opts.realmHost, seen, tokenServiceHandler({ credential: `${credential.username}:${credential.password}`, token: 'good-token', anonymous: opts.anonymous }));
    const storage = await listen('storage', '127.0.0.2', seen, (req, res) => {
      if (req.method === 'GET') res.end(blob);
      else {
        res.writeHead(201);
        res.end();
      }
    });
    const front = await listen('registry', '127.0.0.1', seen, tokenRegistryHandler({
      realm: () => `http://${tokens.host}/token`,
      token: 'good-token',
      blobsAt: () => `http://${storage.host}/blobs/`,
      uploadsAt: () => `http://${storage.host}/uploads/1`,
      manifest,
      blob,
    }));
    servers.push(front, tokens, storage);
    const client = new RegistryClient({ credentials: { [front.host]: credential } });
    return { client, registry: front.host, realm: `http://${tokens.host}/token` };
  }
  const at = (server: string) => seen.filter((r) => r.server === server);

  it('the credential reaches a token realm on the registry host, and its token the registry', async () => {
    const { client, registry } = await setUp({ realmHost: '127.0.0.1' });
    const got = await client.getManifest(`${registry}/demo/app:1`);
    expect(got.digest).toBe(sha256(manifest));
    expect(at('tokens')).toHaveLength(1);
    expect(at('tokens')[0].authorization).toBe(`Basic ${Buffer.from('factory:s3cret').toString('base64')}`);
    expect(at('tokens')[0].url).toBe('/token?service=registry.test&scope=repository%3Ademo%2Fapp%3Apull');
    expect(at('registry').map((r) => r.authorization)).toEqual([undefined, 'Bearer good-token']);
  });

  it('a realm on another host receives no Authorization; refused anonymously, the error says why', async () => {
    const { client, registry, realm } = await setUp({ realmHost: '127.0.0.2' });
    const err = await client.getManifest(`${registry}/demo/app:1`).catch((e: unknown) => e);
    expect(at('tokens')).toHaveLength(1);
    expect(at('tokens')[0].authorization).toBeUndefined();
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as Error).message).toBe(
      `GET ${realm} failed: HTTP 401: the token service of registry ${registry} refused an anonymous token for repository:demo/app:pull: ` +
        `credentials for ${registry} (IMAGEFACTORY_REGISTRY_AUTH) were not sent to its token service ${realm} because the realm is on another host (127.0.0.2, not 127.0.0.1); they go only to the registry's own host and to an https token service there`,
    );
  });

  it('a realm on another host that hands out an anonymous token: the registry refuses it, and the error says why', async () => {
    const { client, registry, realm } = await setUp({ realmHost: '127.0.0.2', anonymous: 'anonymous-token' });
    const err = await client.getManifest(`${registry}/demo/app:1`).catch((e: unknown) => e);
    expect(at('tokens').map((r) => r.authorization)).toEqual([undefined]);
    expect(at('registry').map((r) => r.authorization)).toEqual([undefined, 'Bearer anonymous-token']);
    expect((err as Error).message).toContain(`HTTP 401 UNAUTHORIZED: authentication required: credentials for ${registry} (IMAGEFACTORY_REGISTRY_AUTH) were not sent to its token service ${realm} because the realm is on another host`);
    expect((err as Error).message).toContain('and the registry refused the anonymous token');
  });

  it('a blob download redirected to another host carries no Authorization there', async () => {
    const { client, registry } = await setUp({ realmHost: '127.0.0.1' });
    const bytes = await client.getBlob(`${registry}/demo/app`, sha256(blob));
    expect(bytes.equals(blob)).toBe(true);
    expect(at('registry').at(-1)).toMatchObject({ url: `/v2/demo/app/blobs/${sha256(blob)}`, authorization: 'Bearer good-token' });
    expect(at('storage')).toEqual([{ server: 'storage', method: 'GET', url: `/blobs/${sha256(blob)}`, authorization: undefined }]);
  });

  it('an upload session the registry opens on another host carries no Authorization there', async () => {
    const { client, registry } = await setUp({ realmHost: '127.0.0.1' });
    await client.uploadBlob(`${registry}/demo/app`, sha256(blob), blob);
    expect(at('registry').at(-1)).toMatchObject({ method: 'POST', authorization: 'Bearer good-token' });
    expect(at('storage')).toEqual([{ server: 'storage', method: 'PUT', url: `/uploads/1?digest=${encodeURIComponent(sha256(blob))}`, authorization: undefined }]);
  });
});
