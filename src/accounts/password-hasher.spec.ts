import { describe, expect, it } from '@jest/globals';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher.js';

describe('password hasher', () => {
  it('verifies the password it hashed', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('round-trips non-ASCII passwords', async () => {
    const stored = await hashPassword('集体协商-密码-2026');
    expect(await verifyPassword('集体协商-密码-2026', stored)).toBe(true);
    expect(await verifyPassword('集体协商-密码-2025', stored)).toBe(false);
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: two hashes of the same password differ, and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('uses the format scrypt$N$r$p$salt$hash', async () => {
    const stored = await hashPassword('pw');
    expect(stored.startsWith('scrypt$')).toBe(true);
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    expect(stored.split('$')).toHaveLength(6);
    expect(scheme).toBe('scrypt');
    expect([n, r, p]).toEqual(['32768', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash, 'base64')).toHaveLength(32);
  });

  it('the dummy hash is a well-formed hash that a guess does not match', async () => {
    const dummy = await DUMMY_HASH_PROMISE;
    expect(dummy.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('password', dummy)).toBe(false);
  });

  describe('malformed stored hashes verify false without throwing', () => {
    const salt = Buffer.from('0123456789abcdef').toString('base64');
    const hash = Buffer.alloc(32, 7).toString('base64');
    it.each([
      ['empty string', ''],
      ['plain text', 'not-a-hash'],
      ['another scheme', `bcrypt$32768$8$1$${salt}$${hash}`],
      ['missing hash', `scrypt$32768$8$1$${salt}`],
      ['empty salt', `scrypt$32768$8$1$$${hash}`],
      ['non-numeric N', `scrypt$abc$8$1$${salt}$${hash}`],
      ['N not a power of two', `scrypt$3$8$1$${salt}$${hash}`],
      ['N missing', `scrypt$$8$1$${salt}$${hash}`],
      ['r zero', `scrypt$32768$0$1$${salt}$${hash}`],
      ['N too large for memory', `scrypt$1073741824$8$1$${salt}$${hash}`],
      // The hash decodes to zero bytes: a zero-length key must not "match" every password.
      ['hash decoding to nothing', `scrypt$32768$8$1$${salt}$!!!!`],
      ['hash of only padding', `scrypt$32768$8$1$${salt}$====`],
    ])('%s', async (_label, stored) => {
      await expect(verifyPassword('any password', stored)).resolves.toBe(false);
    });

    it('a hash truncated to its first byte does not verify (it would match 1 password in 256)', async () => {
      const stored = await hashPassword('the password');
      const parts = stored.split('$');
      parts[5] = Buffer.from(parts[5], 'base64').subarray(0, 1).toString('base64');
      await expect(verifyPassword('the password', parts.join('$'))).resolves.toBe(false);
    });
  });
});
