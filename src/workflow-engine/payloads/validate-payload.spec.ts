import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ValidationFailed } from '../../common/errors/domain-error.js';
import { PAYLOAD_SCHEMAS } from './event-payloads.js';
import { payloadJsonSchema, validatePayload } from './validate-payload.js';

type Schema = { type?: string; format?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[] };

describe('event payloads', () => {
  it('every schema names occurredOn as a required calendar date', () => {
    for (const name of Object.keys(PAYLOAD_SCHEMAS)) {
      const schema = payloadJsonSchema(name) as Schema;
      expect({ name, occurredOn: schema.properties?.occurredOn }).toEqual({ name, occurredOn: { type: 'string', format: 'date' } });
      expect(schema.required).toContain('occurredOn');
    }
  });

  it('describes nested objects and arrays of objects, so a form can be built from it', () => {
    const reps = payloadJsonSchema('RepresentativesAppointed') as Schema;
    expect(reps.properties?.members?.type).toBe('array');
    expect(Object.keys(reps.properties?.members?.items?.properties ?? {})).toEqual(expect.arrayContaining(['name', 'personId', 'chief', 'external', 'delegated', 'position']));
    const filed = payloadJsonSchema('Filed') as Schema;
    expect(filed.properties?.materials?.required).toEqual(expect.arrayContaining(['contractCopies', 'congressResolution']));
  });

  it('refuses unknown and malformed fields, naming payload.<field> and the rule', async () => {
    const failure = await validatePayload('Suspended', { occurredOn: '2018-02-30', resumeOn: '2018-01-01', reason: 'x', extra: 1 }).catch((e) => e);
    expect(failure).toBeInstanceOf(ValidationFailed);
    const rules = (failure as ValidationFailed).violations.map((v) => `${v.field}:${v.rule}`);
    expect(rules).toEqual(expect.arrayContaining(['payload.extra:unknownField', 'payload.occurredOn:isIsoDate']));
    const nested = await validatePayload('RepresentativesAppointed', { occurredOn: '2018-02-01', members: [{ name: '张三', personId: 'E1', chief: 'yes', external: false, delegated: false, position: 'other' }] }).catch((e) => e);
    expect((nested as ValidationFailed).violations.map((v) => `${v.field}:${v.rule}`)).toEqual(['payload.members.0.chief:isBoolean']);
  });

  it('returns exactly the validated plain object', async () => {
    const payload = { occurredOn: '2018-02-01', reason: '不同意' };
    await expect(validatePayload('WithReason', payload)).resolves.toEqual(payload);
  });
});
