import { describe, expect, it } from '@jest/globals';
import { creditCodeCheckCharacter, isValidCreditCode } from './credit-code.js';

// Real, published unified social credit codes (independent of the implementation under test).
const PUBLISHED = ['91330100716105852F', '914403001922038216', '9144030071526726XG', '91110000100014071Q'];
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('isValidCreditCode', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each(PUBLISHED)('rejects %s with any other check character', (code) => {
    const others = [...CHARSET].filter((c) => c !== code[17]);
    expect(others).toHaveLength(30);
    for (const c of others) expect(isValidCreditCode(code.slice(0, 17) + c)).toBe(false);
  });

  it('rejects a changed body character (check character no longer matches)', () => {
    // 9 -> 8 in the first position shifts the weighted sum by 1, so the check character must change.
    expect(isValidCreditCode('81330100716105852F')).toBe(false);
  });

  it('rejects lowercase letters', () => {
    expect(isValidCreditCode('91330100716105852f')).toBe(false);
    expect(isValidCreditCode('9144030071526726xg')).toBe(false);
  });

  it('rejects the wrong length', () => {
    expect(isValidCreditCode('')).toBe(false);
    expect(isValidCreditCode('91330100716105852')).toBe(false);
    expect(isValidCreditCode('91330100716105852FF')).toBe(false);
    expect(isValidCreditCode(' 91330100716105852F')).toBe(false);
    expect(isValidCreditCode('91330100716105852F ')).toBe(false);
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the forbidden letter %s anywhere', (letter) => {
    const code = PUBLISHED[0];
    for (let i = 0; i < 18; i++) {
      expect(isValidCreditCode(code.slice(0, i) + letter + code.slice(i + 1))).toBe(false);
    }
  });

  it('rejects non-string input', () => {
    for (const value of [undefined, null, 91330100716105852, 914403001922038216n, {}, [...'91330100716105852F'], { toString: () => '91330100716105852F' }]) {
      expect(isValidCreditCode(value)).toBe(false);
    }
  });
});

describe('creditCodeCheckCharacter', () => {
  it.each(PUBLISHED)('computes the 18th character of %s', (code) => {
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it('returns null for bad input', () => {
    expect(creditCodeCheckCharacter('')).toBeNull();
    expect(creditCodeCheckCharacter('9133010071610585')).toBeNull(); // 16 characters
    expect(creditCodeCheckCharacter('91330100716105852F')).toBeNull(); // 18 characters
    expect(creditCodeCheckCharacter('9133010071610585I')).toBeNull(); // forbidden letter
    expect(creditCodeCheckCharacter('914403007152672ab')).toBeNull(); // lowercase
    expect(creditCodeCheckCharacter('9144030071526-26X')).toBeNull(); // not in the character set
  });
});
