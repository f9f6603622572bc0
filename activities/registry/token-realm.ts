import { isLoopbackHostname, registryHost } from './plain-http-registry.js';

/**
 * Why a registry's credentials must not go to the token service `realm` its challenge names, or undefined
 * when they may: only to an https realm on the registry's own host (any port), or an http one when that
 * host is this machine's loopback. Anything else (another host, plain HTTP across the network, another
 * scheme) is asked anonymously.
 */
export function tokenRealmRefusal(registry: string, realm: URL): string | undefined {
  const own = registryHost(registry)?.hostname;
  if (realm.protocol !== 'https:' && realm.protocol !== 'http:') return `the realm is not an http(s) URL`;
  if (realm.hostname !== own) return `the realm is on another host (${realm.hostname}, not ${own ?? registry})`;
  if (realm.protocol === 'http:' && !isLoopbackHostname(realm.hostname)) return 'the realm is plain HTTP on a host that is not this machine';
  return undefined;
}

/** The realm as people read it: origin and path, without the service and scope query. */
export function realmName(realm: URL): string {
  return `${realm.origin}${realm.pathname}`;
}
