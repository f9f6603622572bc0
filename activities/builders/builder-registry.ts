import { BUILD_METHODS, type BuildMethod } from '../../manifest/types.js';
import { type Builder } from './builder.js';
import { BuildxBuilder } from './buildx-builder.js';
import { DockerfileBuilder } from './dockerfile-builder.js';
import { type EngineBuildOptions } from './engine-build.js';

/** The manifest names a build method this worker has no builder for. */
export class BuildMethodUnavailableError extends Error {
  constructor(
    readonly method: string,
    readonly available: BuildMethod[],
  ) {
    super(`method ${method} is not available on this worker (available: ${available.join(', ')})`);
    this.name = 'BuildMethodUnavailableError';
  }
}

/** Builders by method. Kaniko, Paketo and Packer plug in here by adding a Builder for their method. */
export class BuilderRegistry {
  private readonly builders = new Map<BuildMethod, Builder>();

  constructor(builders: Builder[] = []) {
    for (const b of builders) this.register(b);
  }

  register(builder: Builder): this {
    if (!BUILD_METHODS.includes(builder.method)) throw new Error(`unknown build method ${builder.method} (known: ${BUILD_METHODS.join(', ')})`);
    this.builders.set(builder.method, builder);
    return this;
  }

  available(): BuildMethod[] {
    return BUILD_METHODS.filter((m) => this.builders.has(m));
  }

  /** The builder for a method, or BuildMethodUnavailableError naming the methods this worker has. */
  get(method: string): Builder {
    const builder = this.builders.get(method as BuildMethod);
    if (!builder) throw new BuildMethodUnavailableError(method, this.available());
    return builder;
  }
}

/** The builders a worker with a Docker Engine API has: dockerfile and buildx. */
export function createEngineBuilders(opts: EngineBuildOptions): BuilderRegistry {
  return new BuilderRegistry([new DockerfileBuilder(opts), new BuildxBuilder(opts)]);
}
