import { ValidationPipe, type ArgumentMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { ValidationFailed } from '../errors/domain-error.js';
import { toViolations } from './violations.js';

/** Unknown fields are rejected, types are not coerced silently, every violation names its field and rule. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // All rules run; toViolations reports the first one *written* that failed. (stopAtFirstError would stop at
    // the first one *run*, and class-validator runs stacked decorators bottom-up: "many" failed @Max, not @IsInt.)
    stopAtFirstError: false,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(toViolations(errors)),
  });
}

/** Validates a body against `dto` where the parameter's declared type cannot carry it (generic controllers). */
export class ValidateAs implements PipeTransform {
  private readonly pipe = createValidationPipe();
  constructor(private readonly dto: Type<unknown>) {}
  transform(value: unknown, metadata: ArgumentMetadata) {
    return this.pipe.transform(value, { ...metadata, metatype: this.dto });
  }
}

/** Route parameters that must be UUIDs: a 400 naming the parameter, as for body fields. */
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) {
      const field = metadata.data ?? 'id';
      throw new ValidationFailed([{ field, rule: 'isUuid', message_zh: `${field} 必须是 UUID`, message_en: `${field} must be a UUID` }]);
    }
    return value.toLowerCase();
  }
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route parameters that are positive whole numbers (a version, a session number): 400 naming the parameter. */
export class PositiveIntParam implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    if (!/^[1-9]\d{0,8}$/.test(value)) {
      const field = metadata.data ?? 'id';
      throw new ValidationFailed([{ field, rule: 'isPositiveInt', message_zh: `${field} 必须是正整数`, message_en: `${field} must be a positive whole number` }]);
    }
    return Number(value);
  }
}
