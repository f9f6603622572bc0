import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import schema from '../../../manifest/imagefactory.schema.json' with { type: 'json' };
import { DURATION_PATTERN } from '../../../manifest/parse-duration.js';
import { BUILD_METHODS, NOTIFY_EVENTS, SEVERITIES } from '../../../manifest/types.js';
import { FIXTURES } from './fixtures.js';
import { objectSchemas, schemaFields } from './schema-walk.js';

const root = schema as unknown as Record<string, unknown>;
const defs = (schema as unknown as { definitions: Record<string, Record<string, unknown>> }).definitions;

describe('manifest/imagefactory.schema.json', () => {
  it('names itself where editors fetch it', () => {
    expect(schema.$id).toBe('https://raw.githubusercontent.com/OWNER/imagefactory/main/manifest/imagefactory.schema.json');
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('describes every field, for editors\' help', () => {
    const fields = schemaFields(root);
    expect(fields.length).toBeGreaterThanOrEqual(45);
    expect(fields.filter((f) => typeof f.node.description !== 'string' || f.node.description.length < 10).map((f) => f.path)).toEqual([]);
  });

  it('refuses unknown keys in every fixed-shape mapping', () => {
    const open = objectSchemas(root).filter(({ node }) => node.additionalProperties !== false);
    expect(open.map((o) => o.where)).toEqual([]);
  });

  it('agrees with manifest/types.ts on methods, severities and events', () => {
    expect(defs.image.properties).toMatchObject({ method: { enum: [...BUILD_METHODS] } });
    expect((defs.scan.properties as Record<string, { items: { enum: string[] } }>).fail_on.items.enum).toEqual([...SEVERITIES]);
    const notify = defs.notify.properties as Record<string, { properties: Record<string, { items: { enum: string[] } }> }>;
    expect(notify.slack.properties.on.items.enum).toEqual([...NOTIFY_EVENTS]);
    expect(notify.email.properties.on.items.enum).toEqual([...NOTIFY_EVENTS]);
  });

  it('uses the duration grammar of parseDuration', () => {
    expect((defs.approval.properties as Record<string, { pattern: string }>).timeout.pattern).toBe(DURATION_PATTERN);
  });

  it('is referenced from the fixtures with a relative yaml-language-server comment', () => {
    const valid = readdirSync(`${FIXTURES}valid`);
    for (const name of valid) {
      expect(readFileSync(`${FIXTURES}valid/${name}`, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../../../manifest/imagefactory.schema.json');
    }
  });
});
