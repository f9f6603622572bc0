import readline from 'node:readline/promises';
import type { Client } from '@temporalio/client';
import { sendDecision, type SentDecision } from '../builds/send-decision.js';
import type { DecisionKind } from '../workflows/image-build-handlers.js';
import type { ActorRef } from '../policies/actor.js';
import type { BuildState } from '../workflows/image-build-types.js';
import type { Io } from './io.js';
import type { WatchedBuild } from './watch-builds.js';

type Choice = { key: string; label: string; kind?: DecisionKind };

const CHOICES: Partial<Record<BuildState['status'], Choice[]>> = {
  awaiting_approval: [
    { key: 'a', label: '[a]pprove', kind: 'approve' },
    { key: 'r', label: '[r]eject', kind: 'reject' },
    { key: 'w', label: '[w]ait' },
  ],
  quarantined: [
    { key: 'l', label: 're[l]ease', kind: 'release' },
    { key: 'r', label: '[r]eject', kind: 'reject' },
    { key: 'w', label: '[w]ait' },
  ],
};

/** Prints a decision's answer: accepted, or the refusal with the rule behind it. */
export function printDecision(io: Io, what: string, result: SentDecision): void {
  if (result.ok) io.out(`${what}: ${result.message}`);
  else io.err(`${what}: refused: ${result.reason} (${result.source})`);
}

/**
 * On a terminal, asks the person running `imagefactory run` to decide a build that waits for a person
 * (approval, or release from quarantine), acting as `actor`. The workflow checks the decision like any
 * other; a refusal says which role is needed, and others can decide from another shell.
 */
export function decisionPrompter(client: Client, io: Io, actor: ActorRef) {
  return async (build: WatchedBuild, state: BuildState): Promise<void> => {
    const choices = CHOICES[state.status];
    if (!choices || !io.isTty || !process.stdin.isTTY) return;
    const why = state.status === 'quarantined' ? `is quarantined: ${state.verdict?.reasons.join('; ')}` : `awaits approval (${state.approvals.length} of ${state.approvalsNeeded ?? 1})`;
    io.out(`\n${build.image} ${why}`);
    io.out(`  others can decide from another shell: imagefactory ${state.status === 'quarantined' ? 'release' : 'approve'} ${build.buildId} --as LOGIN`);
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = (await rl.question(`  ${choices.map((c) => c.label).join(', ')} as ${actor.login}? `)).trim().toLowerCase();
      const choice = choices.find((c) => c.key === answer[0]);
      if (!choice?.kind) return;
      const reason = choice.key === 'r' ? (await rl.question('  reason: ')).trim() || undefined : undefined;
      const result = await sendDecision(client, build.buildId, choice.kind, actor, reason);
      printDecision(io, `${build.image}: ${choice.label.replace(/[[\]]/g, '')}`, result);
    } finally {
      rl.close();
    }
  };
}
