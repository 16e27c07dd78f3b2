import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested, validate } from 'class-validator';
import { IsCreditCode } from './decorators.js';
import { toViolations } from './violations.js';

class AddressDto {
  @IsString()
  city: string;

  @IsInt()
  floor: number;
}

class EnterpriseDto {
  @IsString()
  name: string;

  @IsInt()
  employees: number;

  @IsCreditCode()
  creditCode: string;

  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

const valid = { name: '成都示例有限公司', employees: 120, creditCode: '91330100716105852F', address: { city: '成都', floor: 3 } };

async function violationsOf(plain: Record<string, unknown>, options = {}) {
  return toViolations(await validate(plainToInstance(EnterpriseDto, plain), options));
}

describe('toViolations', () => {
  it('reports nothing for a valid object', async () => {
    expect(await violationsOf(valid)).toEqual([]);
  });

  it('reports one violation per failing field with its rule and both languages', async () => {
    const violations = await violationsOf({ ...valid, name: 42, employees: 'many', creditCode: '91330100716105852A' });
    const byField = Object.fromEntries(violations.map((v) => [v.field, v]));
    expect(Object.keys(byField).sort()).toEqual(['creditCode', 'employees', 'name']);

    expect(byField.name).toEqual({ field: 'name', rule: 'isString', message_zh: 'name 必须是字符串', message_en: 'name must be a string' });
    expect(byField.employees).toEqual({
      field: 'employees',
      rule: 'isInt',
      message_zh: 'employees 必须是整数',
      message_en: 'employees must be an integer number',
    });
    expect(byField.creditCode).toEqual({
      field: 'creditCode',
      rule: 'isCreditCode',
      message_zh: 'creditCode 不是有效的统一社会信用代码（GB 32100-2015 校验码不符）',
      message_en: 'creditCode is not a valid unified social credit code (GB 32100-2015 check character)',
    });
  });

  it('names nested fields as parent.child', async () => {
    const violations = await violationsOf({ ...valid, address: { city: 7, floor: 1.5 } });
    expect(violations).toEqual(
      expect.arrayContaining([
        { field: 'address.city', rule: 'isString', message_zh: 'address.city 必须是字符串', message_en: 'city must be a string' },
        { field: 'address.floor', rule: 'isInt', message_zh: 'address.floor 必须是整数', message_en: 'floor must be an integer number' },
      ]),
    );
    expect(violations).toHaveLength(2);
  });

  it('reports a nested value that is not an object', async () => {
    const violations = await violationsOf({ ...valid, address: 'Chengdu' });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ field: 'address', rule: 'nestedValidation', message_zh: 'address 必须是对象' });
    expect(violations[0].message_en).toContain('address');
  });

  it('maps whitelistValidation to unknownField, top-level and nested', async () => {
    const violations = await violationsOf({ ...valid, isAdmin: true, address: { ...valid.address, zip: '610000' } }, { whitelist: true, forbidNonWhitelisted: true });
    expect(violations).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', rule: 'unknownField', message_zh: '不允许的字段 isAdmin', message_en: 'unknown field isAdmin' },
        { field: 'address.zip', rule: 'unknownField', message_zh: '不允许的字段 address.zip', message_en: 'unknown field address.zip' },
      ]),
    );
    expect(violations).toHaveLength(2);
    expect(violations.map((v) => v.rule)).not.toContain('whitelistValidation');
  });

  it('gives a generic Chinese message for a rule without a translation', () => {
    const violations = toViolations([{ property: 'code', constraints: { isHexColor: 'code must be a hexadecimal color' }, children: [] }]);
    expect(violations).toEqual([{ field: 'code', rule: 'isHexColor', message_zh: 'code 不符合规则 isHexColor', message_en: 'code must be a hexadecimal color' }]);
  });

  it('applies a prefix given by the caller', () => {
    const violations = toViolations([{ property: 'name', constraints: { isString: 'name must be a string' }, children: [] }], 'items.0');
    expect(violations).toEqual([{ field: 'items.0.name', rule: 'isString', message_zh: 'items.0.name 必须是字符串', message_en: 'name must be a string' }]);
  });
});
