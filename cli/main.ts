import { Command, CommanderError } from 'commander';
import { ConfigError } from '../lib/config.js';
import { commandsFor } from './commands/index.js';
import { errorText } from './error-text.js';
import { failureStatus } from './failure-status.js';
import { processIo, type Io } from './io.js';

/**
 * The `imagefactory` program. Given the argument vector, only the command it names is loaded (so `validate`
 * and `can` never load Temporal, Docker or Postgres clients); without one, or for help, all of them.
 */
export async function buildProgram(io: Io = processIo, argv?: readonly string[]): Promise<Command> {
  const program = new Command('imagefactory')
    .description('Build, scan, quarantine, approve and promote container images from .imagefactory.yml manifests.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const command of commandsFor(argv)) (await command.load()).register(program, io);
  return program;
}

/**
 * Runs the CLI; a command's exit status goes to process.exitCode. Usage errors exit 2, and so does an
 * embedded database another process holds.
 */
export async function runMain(argv: string[], io: Io = processIo): Promise<void> {
  const program = await buildProgram(io, argv);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof ConfigError) {
      io.err(`imagefactory: configuration: ${err.message}`);
      process.exitCode = 2;
    } else {
      io.err(`imagefactory: ${errorText(err)}`);
      process.exitCode = failureStatus(err);
    }
  }
}
