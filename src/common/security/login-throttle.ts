import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock.js';
import { DomainError } from '../errors/domain-error.js';

/** 登录限流 How many failed sign-ins a key may have in one window before it must wait. */
export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  /** Per username: guessing one account's password. */
  perUsername: 5,
  /** Per client address: spraying many accounts (higher: an office shares one address). */
  perAddress: 20,
} as const;

export class TooManyLoginAttempts extends DomainError {
  readonly headers: Record<string, string>;
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      429,
      'too-many-login-attempts',
      { zh: '登录尝试过于频繁', en: 'Too many sign-in attempts' },
      { zh: `登录失败次数过多，请 ${minutes} 分钟后再试`, en: `Too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}` },
      { retryAfterSeconds },
    );
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

export interface LoginClient {
  address?: string;
  userAgent?: string;
}

const userKey = (username: string) => `user:${username.trim().toLowerCase()}`;
const addressKey = (address: string) => `addr:${address}`;

/**
 * Counts failed sign-ins in `login_failures` on the service clock. A key at its limit is refused (429 with
 * Retry-After) before the password is even hashed. A success clears the username's count only: clearing the
 * address's too would let anyone holding one account spray the others' passwords without limit.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private keys(username: string, client: LoginClient): { key: string; limit: number }[] {
    const keys: { key: string; limit: number }[] = [{ key: userKey(username), limit: LOGIN_LIMITS.perUsername }];
    if (client.address) keys.push({ key: addressKey(client.address), limit: LOGIN_LIMITS.perAddress });
    return keys;
  }

  /** Throws TooManyLoginAttempts when the username or the address is at its limit in the current window. */
  async check(username: string, client: LoginClient): Promise<void> {
    const keys = this.keys(username, client);
    const rows: { key: string; window_start: Date; failures: number }[] = await this.dataSource.query(
      'SELECT key, window_start, failures FROM login_failures WHERE key = ANY($1)',
      [keys.map((k) => k.key)],
    );
    const now = this.clock.now().getTime();
    let wait = 0;
    for (const row of rows) {
      const limit = keys.find((k) => k.key === row.key)!.limit;
      const ends = new Date(row.window_start).getTime() + LOGIN_LIMITS.windowSeconds * 1000;
      if (row.failures >= limit && ends > now) wait = Math.max(wait, Math.ceil((ends - now) / 1000));
    }
    if (wait > 0) throw new TooManyLoginAttempts(wait);
  }

  /** One more failure for the username and the address; a window that has passed starts afresh. */
  async failed(username: string, client: LoginClient): Promise<void> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - LOGIN_LIMITS.windowSeconds * 1000);
    for (const { key } of this.keys(username, client)) {
      await this.dataSource.query(
        `INSERT INTO login_failures (key, window_start, failures) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN login_failures.window_start <= $3 THEN 1 ELSE login_failures.failures + 1 END,
           window_start = CASE WHEN login_failures.window_start <= $3 THEN $2 ELSE login_failures.window_start END`,
        [key, now, since],
      );
    }
  }

  async succeeded(username: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_failures WHERE key = $1', [userKey(username)]);
  }
}
