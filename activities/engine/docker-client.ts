import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';

/** TLS material for a tcp:// engine (Docker's DOCKER_CERT_PATH layout: ca.pem, cert.pem, key.pem). */
export interface DockerTls {
  certPath: string;
}

/**
 * A dockerode client for a Docker Engine API endpoint: `unix:///run/podman/podman.sock`, `tcp://host:2375`,
 * `tcp://host:2376` with TLS, or `http(s)://host:port`.
 */
export function createDockerClient(dockerHost: string, tls?: DockerTls): Docker {
  if (dockerHost.startsWith('unix://')) return new Docker({ socketPath: dockerHost.slice('unix://'.length) });
  if (dockerHost.startsWith('npipe://')) return new Docker({ socketPath: dockerHost.slice('npipe://'.length) });
  const url = new URL(dockerHost.replace(/^tcp:/, tls ? 'https:' : 'http:'));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`DOCKER_HOST ${dockerHost} is not a unix://, npipe://, tcp://, http:// or https:// address`);
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port || (protocol === 'https' ? '2376' : '2375');
  if (!tls) return new Docker({ host: url.hostname, port, protocol });
  const read = (f: string) => fs.readFileSync(path.join(tls.certPath, f));
  return new Docker({ host: url.hostname, port, protocol, ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') });
}

/** TLS settings from Docker's own environment variables (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), if any. */
export function dockerTlsFromEnv(env: Record<string, string | undefined> = process.env): DockerTls | undefined {
  if (!env.DOCKER_TLS_VERIFY || env.DOCKER_TLS_VERIFY === '0' || !env.DOCKER_CERT_PATH) return undefined;
  return { certPath: env.DOCKER_CERT_PATH };
}

export interface EngineInfo {
  kind: 'podman' | 'docker';
  /** Engine version, e.g. "4.3.1" (Podman) or "27.3.1" (Docker). */
  version: string;
  /** Docker Engine API version the engine speaks, e.g. "1.41". */
  apiVersion: string;
  os: string;
  arch: string;
  /** cgroupfs or systemd, as the engine reports it. */
  cgroupDriver: string | undefined;
  /** Docker with BuildKit available through the API (build version 2). Podman builds with Buildah. */
  buildkit: boolean;
  /** The engine runs on this machine (a unix socket): its build processes are visible in our /sys/fs/cgroup. */
  local: boolean;
}

interface VersionComponent {
  Name?: string;
  Version?: string;
}

/** Asks the engine what it is: Podman or Docker, versions, and what the builders may rely on. */
export async function getEngineInfo(docker: Docker, dockerHost: string): Promise<EngineInfo> {
  const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<Record<string, unknown>>]);
  const components = ((version as { Components?: VersionComponent[] }).Components ?? []);
  const podman = components.some((c) => /podman/i.test(c.Name ?? ''));
  const apiVersion = String(version.ApiVersion ?? '');
  const kind = podman ? 'podman' : 'docker';
  return {
    kind,
    version: String(version.Version ?? ''),
    apiVersion,
    os: String(version.Os ?? ''),
    arch: String(version.Arch ?? ''),
    cgroupDriver: typeof info.CgroupDriver === 'string' ? info.CgroupDriver : undefined,
    // BuildKit through the API (POST /build?version=2 with a session) needs Docker 18.09+ (API 1.39).
    buildkit: kind === 'docker' && compareApiVersions(apiVersion, '1.39') >= 0,
    local: dockerHost.startsWith('unix://'),
  };
}

/** Compares "1.41"-style versions numerically. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}
