import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { resolveJwtSecret } from '../../accounts/jwt-secret.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/tokens.js';

/** The sign-in form's own cookie: a random value the form's token is derived from (before any session exists). */
export const LOGIN_CSRF_COOKIE = 'cb_login_csrf';

/**
 * CSRF tokens without server state: a form's token is an HMAC of the session cookie's value (or, for the
 * sign-in form, of a random pre-session cookie), under a key derived from the service's JWT secret. A
 * cross-site page can neither read the cookie nor compute the HMAC; a token from another session fails.
 * The cookies are SameSite=Strict besides, so this is the second lock, not the only one.
 */
@Injectable()
export class CsrfTokens {
  private key?: Buffer;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit() {
    const secret = await resolveJwtSecret(this.dataSource, this.config.jwtSecret);
    // Its own key, not the JWT key itself: a CSRF token is never a valid signature of anything else.
    this.key = createHmac('sha256', secret).update('cb-engine csrf v1').digest();
  }

  /** A fresh value for the sign-in form's cookie. */
  newLoginNonce(): string {
    return randomBytes(24).toString('base64url');
  }

  forLogin(nonce: string): string {
    return this.mac(`login|${nonce}`);
  }

  forSession(sessionToken: string): string {
    return this.mac(`session|${sessionToken}`);
  }

  /** Whether `given` is the token of `basis` (constant time). */
  check(given: unknown, expected: string): boolean {
    if (typeof given !== 'string' || given.length === 0) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private mac(text: string): string {
    if (!this.key) throw new Error('CsrfTokens used before module init');
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}
