import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
// class-transformer's @Type metadata: how the schema learns the element type of nested arrays.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { ValidationFailed } from '../../common/errors/domain-error.js';
import { toViolations } from '../../common/validation/violations.js';
import { PAYLOAD_SCHEMAS } from './event-payloads.js';

/** Validates an event's payload against its named schema; 400 naming `payload.<field>` and the rule. */
export async function validatePayload(schema: string, payload: unknown): Promise<Record<string, unknown> & { occurredOn: string }> {
  const Dto = PAYLOAD_SCHEMAS[schema];
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ValidationFailed([{ field: 'payload', rule: 'isObject', message_zh: 'payload 必须是对象', message_en: 'payload must be an object' }]);
  }
  const instance = plainToInstance(Dto, payload, { enableImplicitConversion: false });
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length) throw new ValidationFailed(toViolations(errors, 'payload'));
  // Unknown fields were refused and nothing was converted: the plain object is exactly what was validated.
  return { ...(payload as Record<string, unknown> & { occurredOn: string }) };
}

type Schema = Record<string, unknown>;
let schemas: Record<string, Schema> | undefined;

function inline(schema: unknown, all: Record<string, Schema>, depth = 0): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, all, depth));
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref && depth < 4) return inline(all[ref.replace('#/definitions/', '')], all, depth + 1);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, all, depth)]));
}

function allSchemas(): Record<string, Schema> {
  schemas ??= validationMetadatasToSchemas({
      refPointerPrefix: '#/definitions/',
      classTransformerMetadataStorage: defaultMetadataStorage,
      // The project's own rules, as JSON Schema can say them.
      additionalConverters: {
        isIsoDate: { type: 'string', format: 'date' },
        notGreaterThan: (meta) => ({ description: `≤ ${meta.constraints?.[0]}` }),
        dateAfter: (meta) => ({ description: `later than ${meta.constraints?.[0]}` }),
      },
    }) as Record<string, Schema>;
  return schemas;
}

/** The JSON Schema class-validator's rules give a class (nested objects inlined), or undefined when it has none. */
export function validationJsonSchema(className: string): Schema | undefined {
  const all = allSchemas();
  return all[className] ? (inline(all[className], all) as Schema) : undefined;
}

/** The JSON Schema of a payload (nested objects inlined), for clients building forms. */
const inlined = new Map<string, Schema>();
export function payloadJsonSchema(schema: string): Schema {
  let result = inlined.get(schema);
  if (!result) {
    const all = allSchemas();
    const name = PAYLOAD_SCHEMAS[schema]?.name ?? schema;
    result = inline(all[name] ?? { type: 'object' }, all) as Schema;
    inlined.set(schema, result);
  }
  return result;
}
