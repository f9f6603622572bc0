import { EngineFaultError, detailToLog, engineFailure, summarizeEngineMessage } from '../engine/engine-error.js';
import { type EngineInfo } from '../engine/docker-client.js';
import { BuildFailedError } from './builder.js';
import { type BuildContextTar } from './context-tar.js';

/** The engine's failure plus what the failing step printed last (the engine's message rarely says why). */
export function failureMessage(imageRef: string, engineMessage: string, tail: string[]): string {
  let lastStep = -1;
  tail.forEach((l, i) => {
    if (/^(\[\d+\/\d+\] )?STEP \d+\/\d+: /.test(l)) lastStep = i;
  });
  const output = tail.slice(lastStep + 1).filter((l) => l.trim() !== '' && !l.startsWith('error building at STEP')).slice(-5);
  const said = output.length ? `\nlast output of the failing step:\n${output.map((l) => `  ${summarizeEngineMessage(l)}`).join('\n')}` : '';
  return `build of ${imageRef} failed: ${engineMessage}${said}`;
}

export interface FailedBuild {
  buildId: string;
  imageRef: string;
  engine: EngineInfo;
  /** The last lines of the build log. */
  tail: string[];
  context: Pick<BuildContextTar, 'escapingLinks'>;
  /** Writes a line to the build log. */
  log(line: string): void;
}

function linksSentence(links: BuildContextTar['escapingLinks']): string {
  if (links.length === 0) return '';
  const named = links.slice(0, 3).map((l) => `${l.path} -> ${l.target}`).join(', ');
  return `; the build context holds ${links.length === 1 ? 'a symbolic link' : `${links.length} symbolic links`} leading outside it, which the engine will not unpack: ${named}${links.length > 3 ? ', …' : ''}`;
}

/**
 * What a failed POST /build becomes: a BuildFailedError (never retried) when the engine refused it, with
 * the engine's message cut to its first readable line while the whole of it goes to the build log; an
 * EngineFaultError (retried) when the engine could not be reached or failed on its side. Podman 4 answers
 * a build request it refuses before building (a context it will not unpack) with HTTP 500 and an empty
 * body: that is a refusal too, explained from the context where it can be.
 */
export function buildRefusal(err: unknown, b: FailedBuild): Error {
  const f = engineFailure(err);
  const tail = [...b.tail];
  for (const l of detailToLog(f)) b.log(`engine: ${l}`);
  if (f.status === undefined && f.kind === 'refused') return new BuildFailedError(failureMessage(b.imageRef, f.summary, tail), b.buildId, tail);
  if (f.kind === 'refused') {
    return new BuildFailedError(`the engine refused the build of ${b.imageRef} (HTTP ${f.status}): ${f.summary}${linksSentence(b.context.escapingLinks)}`, b.buildId, tail);
  }
  if (f.status === 500 && f.detail === '' && b.engine.kind === 'podman') {
    return new BuildFailedError(`the engine refused the build of ${b.imageRef} (HTTP 500) without saying why${linksSentence(b.context.escapingLinks)}`, b.buildId, tail);
  }
  return new EngineFaultError(`the engine failed while building ${b.imageRef}${f.status ? ` (HTTP ${f.status})` : ''}: ${f.summary}`, { cause: err });
}
