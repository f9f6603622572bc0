import { type BuildRequest, type BuildResult, type Builder } from './builder.js';
import { runEngineBuild, type EngineBuildOptions } from './engine-build.js';

/**
 * `method: dockerfile`: the engine's own builder (Docker's classic builder, Podman's Buildah) through
 * POST /build. Builds for the engine's platform; `platforms` is the buildx method's business.
 */
export class DockerfileBuilder implements Builder {
  readonly method = 'dockerfile' as const;

  constructor(private readonly opts: EngineBuildOptions) {}

  build(req: BuildRequest): Promise<BuildResult> {
    return runEngineBuild(req, this.opts);
  }
}
