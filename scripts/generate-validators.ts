// Writes manifest/generated/schema-validators.js: the JSON Schemas of .imagefactory.yml, its roles: and
// tenant.yml compiled by ajv ahead of time (ajv's standalone code), so checking a valid file compiles
// nothing at run time. `npm run generate:validators` after changing a schema; a unit test fails while the
// committed file is stale.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateValidatorsSource } from '../manifest/validator-source.js';

const out = fileURLToPath(new URL('../manifest/generated/schema-validators.ts', import.meta.url));
fs.writeFileSync(out, generateValidatorsSource());
console.log(`wrote ${out}`);
