import { describe, expect, it } from '@jest/globals';
import { tokenRealmRefusal } from '../../../activities/registry/token-realm.js';

describe('which token realms receive a registry credential', () => {
  it('an https realm on the registry host, on any port', () => {
    expect(tokenRealmRefusal('registry.acme.com', new URL('https://registry.acme.com/token'))).toBeUndefined();
    expect(tokenRealmRefusal('registry.acme.com:5000', new URL('https://registry.acme.com:8443/auth/token'))).toBeUndefined();
    expect(tokenRealmRefusal('Registry.Acme.com', new URL('https://REGISTRY.acme.com/token'))).toBeUndefined();
  });

  it('a loopback registry may use an http realm on that same loopback host', () => {
    expect(tokenRealmRefusal('127.0.0.1:5000', new URL('http://127.0.0.1:5001/token'))).toBeUndefined();
    expect(tokenRealmRefusal('localhost:5000', new URL('http://localhost:5001/token'))).toBeUndefined();
    expect(tokenRealmRefusal('[::1]:5000', new URL('http://[::1]:5001/token'))).toBeUndefined();
  });

  it('another host gets none, even a sibling or another loopback address', () => {
    expect(tokenRealmRefusal('registry-1.docker.io', new URL('https://auth.docker.io/token'))).toBe('the realm is on another host (auth.docker.io, not registry-1.docker.io)');
    expect(tokenRealmRefusal('registry.acme.com', new URL('https://registry.acme.com.evil.example/token'))).toMatch(/another host/);
    expect(tokenRealmRefusal('127.0.0.1:5000', new URL('http://127.0.0.2:5001/token'))).toMatch(/another host \(127\.0\.0\.2/);
    expect(tokenRealmRefusal('127.0.0.1:5000', new URL('http://localhost:5001/token'))).toMatch(/another host/);
  });

  it('plain http on a host that is not loopback gets none, nor does a scheme that is not http(s)', () => {
    expect(tokenRealmRefusal('registry.acme.com', new URL('http://registry.acme.com/token'))).toBe('the realm is plain HTTP on a host that is not this machine');
    expect(tokenRealmRefusal('10.0.0.5:5000', new URL('http://10.0.0.5:5001/token'))).toMatch(/plain HTTP/);
    expect(tokenRealmRefusal('registry.acme.com', new URL('ftp://registry.acme.com/token'))).toBe('the realm is not an http(s) URL');
  });
});
