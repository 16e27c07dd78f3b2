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

// Years before 1900 are no date of this procedure (and Date.UTC maps years below 100 to 19xx).
export function isIsoDate(v: unknown): boolean {
  if (typeof v !== 'string' || !/^(19|[2-9]\d)\d{2}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
export const IsIsoDate = rule('isIsoDate', isIsoDate, 'must be a calendar date YYYY-MM-DD');
