import type { GitHubClient } from './github-client.js';

/** One value per client (a cache its answers fill), made on first use and dropped with the client. */
export function perClient<T>(make: (client: GitHubClient) => T): (client: GitHubClient) => T {
  const made = new WeakMap<object, T>();
  return (client) => {
    let value = made.get(client);
    if (value === undefined) {
      value = make(client);
      made.set(client, value);
    }
    return value;
  };
}
