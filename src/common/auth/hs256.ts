import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

// Verifying an HS256 JWT on every request. (jsonwebtoken turns the secret into a key on every call, first
// trying it as a public key and catching the failure: a tenth of the CPU of a request.) Only HS256 is
// accepted: "none", other algorithms and malformed tokens are refused.

export type TokenCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' };

export function secretKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function verifyHs256(token: string, key: KeyObject, nowSeconds: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, reason: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeJson(headerPart);
  if (!header) return { ok: false, reason: 'malformed' };
  if (header.alg !== 'HS256') return { ok: false, reason: 'algorithm' };
  const expected = createHmac('sha256', key).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  const claims = decodeJson(payloadPart);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (typeof claims.exp !== 'number' || nowSeconds >= claims.exp) return { ok: false, reason: 'expired' };
  if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf) return { ok: false, reason: 'not-yet-valid' };
  return { ok: true, claims };
}
