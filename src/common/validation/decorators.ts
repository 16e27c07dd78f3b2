import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidCreditCode } from '../../organisations/credit-code.js';

function rule(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `$property ${message}`, ...options },
      validator: { validate: test },
    });
}

export const IsCreditCode = rule('isCreditCode', isValidCreditCode, 'is not a valid unified social credit code (GB 32100-2015 check character)');
export const IsRegionCode = rule('isRegionCode', (v) => typeof v === 'string' && /^\d{6}$/.test(v), 'must be a 6-digit administrative division code');
export const IsIndustryCode = rule('isIndustryCode', (v) => typeof v === 'string' && /^[A-T]$/.test(v), 'must be a GB/T 4754 section code (A–T)');
