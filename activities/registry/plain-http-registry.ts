import net from 'node:net';

/**
 * A registry's `host[:port]` as fetch will connect to it: lower-case host, IPv4 in dotted form, IPv6 in
 * brackets and compressed (`[0:0::1]:5000` -> `[::1]:5000`). Undefined when it is not a host at all.
 */
export function registryHost(registry: string): { hostname: string; host: string } | undefined {
  try {
    const url = new URL(`http://${registry.trim()}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return { hostname: url.hostname, host: url.host };
  } catch {
    return undefined;
  }
}

/** Whether a host name is this machine's loopback: `localhost`, 127.0.0.0/8, or `::1` (bracketed or not). */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return registryHost(`[${h}]`)?.hostname === '[::1]';
  return false;
}

/**
 * Whether the product speaks plain HTTP to `registry` (`host[:port]`): a loopback registry (127.0.0.0/8,
 * localhost, [::1], any port) always; any other only when INSECURE_REGISTRIES lists that exact host[:port].
 * Everything else is HTTPS. The registry client, Trivy's --insecure and the engine's push all ask this.
 */
export function isPlainHttpRegistry(registry: string, insecureRegistries: Iterable<string> = []): boolean {
  const target = registryHost(registry);
  if (!target) return false;
  if (isLoopbackHostname(target.hostname)) return true;
  for (const entry of insecureRegistries) if (registryHost(entry)?.host === target.host) return true;
  return false;
}
