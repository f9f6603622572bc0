import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { loadConfig } from '../../../lib/config.js';
import { type BuildRequest, type BuildResult, type LogStream } from '../../../activities/builders/builder.js';
import { createEngineBuilders, type BuilderRegistry } from '../../../activities/builders/builder-registry.js';
import { createDockerClient, getEngineInfo, type EngineInfo } from '../../../activities/engine/docker-client.js';
import { baseImage } from '../../helpers/registry.js';

/** The repository root (fixtures are built with it as the build's repoDir). */
export const repoDir = fileURLToPath(new URL('../../../', import.meta.url));

export interface TestEngine {
  docker: Docker;
  engine: EngineInfo;
  builders: BuilderRegistry;
}

export async function testEngine(): Promise<TestEngine> {
  const { dockerHost } = loadConfig();
  const docker = createDockerClient(dockerHost);
  const engine = await getEngineInfo(docker, dockerHost);
  return { docker, engine, builders: createEngineBuilders({ docker, engine, heartbeatIntervalMs: 500 }) };
}

export interface FixtureBuild {
  result: BuildResult;
  lines: { line: string; stream: LogStream }[];
  heartbeats: number;
}

/** Builds test/fixtures/images/<fixture> with the given method; collects log lines and heartbeats. */
export async function buildFixture(
  t: TestEngine,
  fixture: string,
  imageRef: string,
  opts: Partial<Omit<BuildRequest, 'onLog' | 'heartbeat'>> & { method?: string } = {},
): Promise<FixtureBuild> {
  const lines: FixtureBuild['lines'] = [];
  let heartbeats = 0;
  const { method = 'dockerfile', ...req } = opts;
  const result = await t.builders.get(method).build({
    buildId: `test-${fixture}-${Date.now().toString(36)}`,
    repoDir,
    context: `test/fixtures/images/${fixture}`,
    dockerfile: 'Dockerfile',
    labels: {},
    imageRef,
    signal: new AbortController().signal,
    ...req,
    buildArgs: { BASE: baseImage(), ...req.buildArgs },
    onLog: (line, stream) => lines.push({ line, stream }),
    heartbeat: () => heartbeats++,
  });
  return { result, lines, heartbeats };
}

/** Removes local images built by a test (ignores ones already gone). */
export async function removeLocalImages(docker: Docker, refs: string[]): Promise<void> {
  for (const ref of refs) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
}
