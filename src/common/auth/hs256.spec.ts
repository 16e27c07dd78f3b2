import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { secretKey, verifyHs256 } from './hs256.js';

const SECRET = 's'.repeat(48);
const key = secretKey(SECRET);
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function sign(header: unknown, claims: unknown, secret = SECRET) {
  const body = `${b64(header)}.${b64(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
const NOW = 1_800_000_000;
const claims = { sub: 'u1', exp: NOW + 60 };

describe('HS256 tokens', () => {
  it('accepts a well-signed, unexpired HS256 token and returns its claims', () => {
    expect(verifyHs256(sign({ alg: 'HS256', typ: 'JWT' }, claims), key, NOW)).toEqual({ ok: true, claims });
  });

  it.each<[string, string, string]>([
    ['another secret', sign({ alg: 'HS256' }, claims, 'x'.repeat(48)), 'signature'],
    ['alg none, no signature', `${b64({ alg: 'none' })}.${b64(claims)}.`, 'algorithm'],
    ['HS512 header', sign({ alg: 'HS512' }, claims), 'algorithm'],
    ['a changed payload', (() => { const [h, , s] = sign({ alg: 'HS256' }, claims).split('.'); return `${h}.${b64({ ...claims, sub: 'admin' })}.${s}`; })(), 'signature'],
    ['a truncated signature', sign({ alg: 'HS256' }, claims).slice(0, -5), 'signature'],
    ['two parts', `${b64({ alg: 'HS256' })}.${b64(claims)}`, 'malformed'],
    ['a header that is not JSON', `${b64('not json')}.${b64(claims)}.abc`, 'malformed'],
    ['characters outside base64url', `${b64({ alg: 'HS256' })}.${b64(claims)}.ab+c/`, 'malformed'],
    ['no exp', sign({ alg: 'HS256' }, { sub: 'u1' }), 'expired'],
    ['exp now', sign({ alg: 'HS256' }, { sub: 'u1', exp: NOW }), 'expired'],
    ['nbf in the future', sign({ alg: 'HS256' }, { ...claims, nbf: NOW + 10 }), 'not-yet-valid'],
  ])('refuses %s', (_name, token, reason) => {
    expect(verifyHs256(token, key, NOW)).toEqual({ ok: false, reason });
  });
});
