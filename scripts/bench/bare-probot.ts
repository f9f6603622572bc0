// A bare Probot app with a no-op handler: the baseline the App's webhook throughput is measured against.
// Reads APP_ID, PRIVATE_KEY, WEBHOOK_SECRET and PORT like `imagefactory serve`.
import { Probot, Server } from 'probot';
import { pino } from 'pino';

const log = pino({ level: 'warn' }, pino.destination(2));
const Base = Probot.defaults({ appId: process.env.APP_ID, privateKey: process.env.PRIVATE_KEY, secret: process.env.WEBHOOK_SECRET, log });
const server = new Server({ Probot: Base, port: Number(process.env.PORT), host: '127.0.0.1', log, enableStaticFiles: false });
await server.load((app) => {
  app.on('issue_comment.created', async () => {});
});
await server.start();
process.stderr.write('bare probot listening\n');
