// `npm run bench`: each measurement beside the raw tool on the same box, in one run.
//   cli-start  imagefactory validate / can against `node -e 0`
//   webhooks   ignored webhooks per second against a bare Probot app
//   commands   /build and /approve comments through the App against the raw Temporal start and update
//   pipeline   a build through Temporal against podman build + push by hand
//   report     a report over 100,000 builds against the raw SQL aggregate on the same database
//   audit-append  audit appends per second against plain INSERT transactions on the same Postgres
// BENCH=cli-start (or pipeline) runs one of them.
import { benchAuditAppend } from './bench/audit-append.js';
import { benchCliStart } from './bench/cli-start.js';
import { benchCommands } from './bench/commands.js';
import { benchPipeline } from './bench/pipeline.js';
import { benchReport } from './bench/report.js';
import { benchWebhooks } from './bench/webhooks.js';

const only = process.env.BENCH;
const benches: [string, () => Promise<unknown>][] = [
  ['cli-start', benchCliStart],
  ['webhooks', benchWebhooks],
  ['commands', benchCommands],
  ['pipeline', benchPipeline],
  ['report', benchReport],
  ['audit-append', benchAuditAppend],
];
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  console.log(`\n== ${name}`);
  await run();
}
