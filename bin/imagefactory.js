#!/usr/bin/env node
// The `imagefactory` command. Runs the compiled CLI (npm ci / npm install build it via `prepare`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('imagefactory: the CLI is not built yet: run `npm run build` in the checkout.');
  process.exit(2);
}
const { runMain } = await import(main.href);
await runMain(process.argv);
