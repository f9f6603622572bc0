import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../lib/config.js';
import { isLoopbackHostname, isPlainHttpRegistry, registryHost } from '../../../activities/registry/plain-http-registry.js';
import { RegistryHttp } from '../../../activities/registry/registry-http.js';

describe('which registries are spoken to over plain HTTP', () => {
  it('loopback registries, on any port: 127.0.0.0/8, localhost, [::1]', () => {
    for (const r of ['127.0.0.1:5000', '127.0.0.1', '127.10.20.30:443', 'localhost:5000', 'LOCALHOST', 'localhost', '[::1]:5000', '[::1]', '[0:0:0:0:0:0:0:1]:5001']) {
      expect([r, isPlainHttpRegistry(r)]).toEqual([r, true]);
    }
  });

  it('everything else is HTTPS, however close it looks to loopback', () => {
    for (const r of ['registry.acme.com', 'registry.acme.com:5000', '128.0.0.1:5000', '10.0.0.5:5000', 'localhost.acme.com:5000', '127.0.0.1.nip.io:5000', '[::2]:5000', '[::ffff:127.0.0.1]:5000', 'registry-1.docker.io']) {
      expect([r, isPlainHttpRegistry(r)]).toEqual([r, false]);
    }
  });

  it('a registry INSECURE_REGISTRIES lists, by its exact host[:port]', () => {
    const listed = ['registry.acme.com:5000', 'Mirror.Internal'];
    expect(isPlainHttpRegistry('registry.acme.com:5000', listed)).toBe(true);
    expect(isPlainHttpRegistry('mirror.internal', listed)).toBe(true);
    expect(isPlainHttpRegistry('registry.acme.com', listed)).toBe(false);
    expect(isPlainHttpRegistry('registry.acme.com:5001', listed)).toBe(false);
    expect(isPlainHttpRegistry('mirror.internal:5000', listed)).toBe(false);
  });

  it('reads hosts the way fetch connects to them', () => {
    expect(registryHost('127.1:5000')).toEqual({ hostname: '127.0.0.1', host: '127.0.0.1:5000' });
    expect(registryHost('[0:0::1]:5000')).toEqual({ hostname: '[::1]', host: '[::1]:5000' });
    expect(registryHost('user@host:5000')).toBeUndefined();
    expect(registryHost('host/path')).toBeUndefined();
    expect(isLoopbackHostname('::1')).toBe(true);
    expect(isLoopbackHostname('127.0.0.1')).toBe(true);
    expect(isLoopbackHostname('example.com')).toBe(false);
  });

  it('by default only loopback: a REGISTRY elsewhere is not plain HTTP just for being configured', () => {
    const config = loadConfig({ REGISTRY: 'registry.acme.com' });
    expect(config.insecureRegistries).toEqual([]);
    const http = new RegistryHttp({ insecureRegistries: config.insecureRegistries });
    expect(http.baseUrl('registry.acme.com')).toBe('https://registry.acme.com');
    expect(http.baseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    const listed = new RegistryHttp({ insecureRegistries: loadConfig({ REGISTRY: 'registry.acme.com', INSECURE_REGISTRIES: 'registry.acme.com, other:5000' }).insecureRegistries });
    expect(listed.baseUrl('registry.acme.com')).toBe('http://registry.acme.com');
    expect(listed.baseUrl('other:5000')).toBe('http://other:5000');
    expect(listed.baseUrl('third.acme.com')).toBe('https://third.acme.com');
  });
});
