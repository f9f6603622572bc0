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

  async build(req: BuildRequest): Promise<BuildResult> {
    const bad = (req.platforms ?? []).find((p) => !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(p.trim()));
    if (bad !== undefined) {
      throw new BuildFailedError(`platform "${bad}" is not os/arch[/variant], for example linux/amd64 or linux/arm64/v8`, req.buildId, []);
    }
    if (this.opts.engine.buildkit && (req.platforms?.length ?? 0) > 1) {
      // The engine's image store keeps one image per tag: a multi-platform result needs an exporter to a registry.
      throw new BuildFailedError(`building ${req.platforms!.length} platforms at once through the Docker API is not supported on this worker: build one platform per image, or use a worker with the containerd image store`, req.buildId, []);
    }
    // Podman builds on a base image of the wrong platform with only a warning, and labels the result with
    // the requested platform: binaries of one architecture in an image claiming another.
    let mismatch: string | undefined;
    const onLog: BuildRequest['onLog'] = (line, stream) => {
      if (mismatch === undefined && /image platform .* does not match the expected platform/.test(line)) mismatch = line;
      req.onLog(line, stream);
    };
    const result = await runEngineBuild({ ...req, onLog }, this.opts, this.buildParams(req));
    if (mismatch !== undefined) {
      throw new BuildFailedError(`a base image does not match the requested platform ${req.platforms?.join(',')}: ${mismatch.replace(/^.*WARNING: /, '')}`, req.buildId, [mismatch]);
    }
    if (req.platforms?.length === 1) await this.checkPlatform(req, result);
    return result;
  }

  /** Engines may reuse a cached image of another platform, or run the base image's: never hand that on. */
  private async checkPlatform(req: BuildRequest, result: BuildResult): Promise<void> {
    const image = await this.opts.docker.getImage(result.imageId).inspect();
    const [os, arch, variant] = req.platforms![0].trim().split('/');
    const got = [image.Os, image.Architecture, (image as { Variant?: string }).Variant].filter(Boolean).join('/');
    if (image.Os !== os || image.Architecture !== arch || (variant && (image as { Variant?: string }).Variant !== variant)) {
      throw new BuildFailedError(`requested platform ${req.platforms![0]} but the engine produced a ${got} image (building for another architecture needs QEMU emulators on the engine's host)`, req.buildId, []);
    }
  }
}
