// The detached supervisor process of a data folder's embedded Temporal dev server (see
// temporal-supervisor.ts): `node temporal-supervisor-main.js DATA_DIR TEMPORAL_CLI`, started by
// lib/embedded-temporal.ts with its output appended to the folder's temporal/supervisor.log.
import { pino } from 'pino';
import { superviseDevServer } from './temporal-supervisor.js';

const [dataDir, temporalCli] = process.argv.slice(2);
const logger = pino({ name: 'temporal-supervisor', level: 'info' }, pino.destination({ dest: 2, sync: true }));
if (!dataDir || !temporalCli) {
  logger.error({ failure: 'usage' }, 'usage: temporal-supervisor-main DATA_DIR TEMPORAL_CLI');
  process.exit(2);
}
process.exit(await superviseDevServer({ dataDir, temporalCli, logger }));
