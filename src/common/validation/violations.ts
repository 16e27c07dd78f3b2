import type { ValidationError } from 'class-validator';
import type { FieldViolation } from '../errors/domain-error.js';

// Chinese wording per class-validator rule; the English text is class-validator's own message.
const ZH: Record<string, (field: string) => string> = {
  whitelistValidation: (f) => `不允许的字段 ${f}`,
  isDefined: (f) => `${f} 为必填项`,
  isNotEmpty: (f) => `${f} 不能为空`,
  isString: (f) => `${f} 必须是字符串`,
  isInt: (f) => `${f} 必须是整数`,
  isNumber: (f) => `${f} 必须是数字`,
  isBoolean: (f) => `${f} 必须是布尔值`,
  isUuid: (f) => `${f} 必须是 UUID`,
  isIn: (f) => `${f} 的取值不在允许范围内`,
  isEnum: (f) => `${f} 的取值不在允许范围内`,
  min: (f) => `${f} 小于允许的最小值`,
  max: (f) => `${f} 大于允许的最大值`,
  minLength: (f) => `${f} 长度不足`,
  maxLength: (f) => `${f} 超出最大长度`,
  length: (f) => `${f} 长度不符合要求`,
  matches: (f) => `${f} 格式不正确`,
  isDateString: (f) => `${f} 必须是日期（YYYY-MM-DD）`,
  isISO8601: (f) => `${f} 必须是日期（YYYY-MM-DD）`,
  isIsoDate: (f) => `${f} 必须是有效日期（YYYY-MM-DD）`,
  equals: (f) => `${f} 必须为规定值`,
  arrayMinSize: (f) => `${f} 至少需要规定数量的项目`,
  arrayMaxSize: (f) => `${f} 超出允许的项目数`,
  notGreaterThan: (f) => `${f} 不得大于关联字段`,
  dateAfter: (f) => `${f} 必须晚于关联日期`,
  votesWithinPresent: (f) => `${f}：赞成、反对、弃权票数之和不得超过出席人数`,
  isCreditCode: (f) => `${f} 不是有效的统一社会信用代码（GB 32100-2015 校验码不符）`,
  isRegionCode: (f) => `${f} 必须是 6 位行政区划代码`,
  isIndustryCode: (f) => `${f} 必须是国民经济行业门类代码（A–T）`,
  nestedValidation: (f) => `${f} 必须是对象`,
  isObject: (f) => `${f} 必须是对象`,
  isArray: (f) => `${f} 必须是数组`,
};

/**
 * Flattens class-validator's tree into one violation per field: the first of its rules, in the order the
 * decorators are written, that failed. class-validator records failures in the order it runs the rules,
 * which is the reverse (decorators apply bottom-up), hence the last entry.
 */
export function toViolations(errors: ValidationError[], prefix = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {}).slice(-1)) {
      const name = rule === 'whitelistValidation' ? 'unknownField' : rule;
      out.push({
        field,
        rule: name,
        message_zh: (ZH[rule] ?? ((f: string) => `${f} 不符合规则 ${name}`))(field),
        message_en: rule === 'whitelistValidation' ? `unknown field ${field}` : message,
      });
    }
    if (error.children?.length) out.push(...toViolations(error.children, field));
  }
  return out;
}
