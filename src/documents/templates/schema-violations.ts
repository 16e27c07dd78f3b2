import type { ErrorObject } from 'ajv';
import type { FieldViolation } from '../../common/errors/domain-error.js';

// Ajv's errors as the service's field violations: a dotted field name (`parties.union`,
// `chapters.0.articles.2.text`, the same shape as the DTO validation's), the rule (the JSON Schema
// keyword) and a message in Chinese and English. Where the schema gives a property a `title`, the
// Chinese message names it.

const pointerToField = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

const join = (base: string, name: string) => (base ? `${base}.${name}` : name);

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', integer: '整数', boolean: '布尔值', object: '对象', array: '列表', null: '空值' };

function label(field: string, title: unknown): string {
  return typeof title === 'string' && title ? `${title}（${field}）` : field;
}

function one(e: ErrorObject): FieldViolation {
  const base = pointerToField(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const schema = (e.parentSchema ?? {}) as Record<string, unknown>;
  const own = label(base || '（根）', schema.title);
  switch (e.keyword) {
    case 'required': {
      const field = join(base, String(p.missingProperty));
      const props = (schema.properties ?? {}) as Record<string, { title?: string }>;
      return { field, rule: 'required', message_zh: `缺少必填项 ${label(field, props[String(p.missingProperty)]?.title)}`, message_en: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = join(base, String(p.additionalProperty));
      return { field, rule: 'additionalProperties', message_zh: `不允许的字段 ${field}`, message_en: `unknown field ${field}` };
    }
    case 'type': {
      const types = String(p.type).split(',');
      return { field: base, rule: 'type', message_zh: `${own} 应为${types.map((t) => TYPE_ZH[t] ?? t).join('或')}`, message_en: `${base || 'data'} must be ${types.join(' or ')}` };
    }
    case 'format':
      return {
        field: base,
        rule: 'format',
        message_zh: p.format === 'date' ? `${own} 必须是有效日期（YYYY-MM-DD）` : `${own} 格式不正确（${String(p.format)}）`,
        message_en: `${base} must be a valid ${p.format === 'date' ? 'calendar date YYYY-MM-DD' : String(p.format)}`,
      };
    case 'minLength':
      return { field: base, rule: 'minLength', message_zh: p.limit === 1 ? `${own} 不能为空` : `${own} 至少 ${p.limit} 个字符`, message_en: `${base} must have at least ${p.limit} characters` };
    case 'maxLength':
      return { field: base, rule: 'maxLength', message_zh: `${own} 不得超过 ${p.limit} 个字符`, message_en: `${base} must have at most ${p.limit} characters` };
    case 'minItems':
      return { field: base, rule: 'minItems', message_zh: `${own} 至少需要 ${p.limit} 项`, message_en: `${base} must have at least ${p.limit} items` };
    case 'maxItems':
      return { field: base, rule: 'maxItems', message_zh: `${own} 不得超过 ${p.limit} 项`, message_en: `${base} must have at most ${p.limit} items` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const zh = { minimum: '不得小于', exclusiveMinimum: '必须大于', maximum: '不得大于', exclusiveMaximum: '必须小于' }[e.keyword];
      return { field: base, rule: e.keyword, message_zh: `${own} ${zh} ${p.limit}`, message_en: `${base} ${e.message ?? ''}`.trim() };
    }
    case 'enum':
      return { field: base, rule: 'enum', message_zh: `${own} 的取值不在允许范围内（${(p.allowedValues as unknown[]).join('、')}）`, message_en: `${base} must be one of ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return { field: base, rule: 'const', message_zh: `${own} 必须为 ${JSON.stringify(p.allowedValue)}`, message_en: `${base} must be ${JSON.stringify(p.allowedValue)}` };
    case 'pattern':
      return { field: base, rule: 'pattern', message_zh: `${own} 格式不正确`, message_en: `${base} must match ${p.pattern}` };
    case 'x-inert-svg':
      return { field: base, rule: 'inertSvg', message_zh: `${own} 不是服务生成的安全 SVG 图形`, message_en: `${base} is not an inert SVG drawing` };
    default:
      return { field: base, rule: e.keyword, message_zh: `${own} 不符合规则 ${e.keyword}`, message_en: `${base || 'data'} ${e.message ?? `fails ${e.keyword}`}` };
  }
}

/** One violation per problem; `if`/`then` wrappers are dropped (the failing keyword inside says it all). */
export function schemaViolations(errors: readonly ErrorObject[] | null | undefined): FieldViolation[] {
  const out: FieldViolation[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'if') continue;
    const v = one(e);
    const key = `${v.field}:${v.rule}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
  }
  return out;
}
