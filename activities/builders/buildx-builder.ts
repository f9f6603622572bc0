import { BuildFailedError, type BuildRequest, type BuildResult, type Builder } from './builder.js';
import { runEngineBuild, type EngineBuildOptions, type ExtraBuildParams } from './engine-build.js';

/**
 * `method: buildx`: builds for the requested platforms. On Docker with BuildKit it uses the BuildKit
 * backend (POST /build?version=2); on Podman the compatible `platform` parameter (Buildah). Building for a
 * platform other than the engine's needs QEMU emulators registered on the engine's host.
 */
export class BuildxBuilder implements Builder {
  readonly method = 'buildx' as const;

  constructor(private readonly opts: EngineBuildOptions) {}

  /** The POST /build parameters this builder adds for a request. */
  buildParams(req: Pick<BuildRequest, 'platforms'>): ExtraBuildParams {
    const platforms = (req.platforms ?? []).map((p) => p.trim()).filter(Boolean);
    const params: ExtraBuildParams = { platform: platforms.length ? platforms.join(',') : undefined };
    if (this.opts.engine.buildkit) params.version = '2';
    return params;
  }

  build(req: BuildRequest): Promise<BuildResult> {
    const bad = (req.platforms ?? []).find((p) => !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(p.trim()));
    if (bad !== undefined) {
      return Promise.reject(new BuildFailedError(`platform "${bad}" is not os/arch[/variant], for example linux/amd64 or linux/arm64/v8`, req.buildId, []));
    }
    if (this.opts.engine.buildkit && (req.platforms?.length ?? 0) > 1) {
      // The engine's image store keeps one image per tag: a multi-platform result needs an exporter to a registry.
      return Promise.reject(new BuildFailedError(`building ${req.platforms!.length} platforms at once through the Docker API is not supported on this worker: build one platform per image, or use a worker with the containerd image store`, req.buildId, []));
    }
    return runEngineBuild(req, this.opts, this.buildParams(req));
  }
}
