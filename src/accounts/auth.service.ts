import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { claimsFor } from '../common/auth/auth.guard.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/tokens.js';
import { AuditLog } from '../audit/audit-log.js';
import { LoginThrottle, TooManyLoginAttempts, type LoginClient } from '../common/security/login-throttle.js';
import type { AppConfig } from '../config/app-config.js';
import { User } from './entities/user.entity.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hasher.js';

export class InvalidCredentials extends DomainError {
  constructor() {
    super(401, 'invalid-credentials', { zh: '登录失败', en: 'Sign-in failed' }, { zh: '用户名或密码错误', en: 'Wrong username or password' });
  }
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  /** Checks the sign-in limit (429 once a username or an address has failed too often), and audits every attempt. */
  async login(username: string, password: string, client: LoginClient = {}) {
    const attempt = { actorUsername: username, address: client.address ?? null, userAgent: client.userAgent ?? null };
    try {
      await this.throttle.check(username, client);
    } catch (err) {
      if (err instanceof TooManyLoginAttempts) await this.audit.record({ kind: 'login.throttled', ...attempt, details: { retryAfterSeconds: err.retryAfterSeconds } });
      throw err;
    }
    const user = await this.dataSource.getRepository(User).findOne({ where: { username } });
    // Same work whether or not the user exists: no username enumeration by timing.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !user.active || !ok) {
      await this.throttle.failed(username, client);
      await this.audit.record({ kind: 'login.failed', ...attempt, details: { reason: !user ? 'unknown-user' : !user.active ? 'inactive' : 'wrong-password' } });
      throw new InvalidCredentials();
    }
    await this.throttle.succeeded(username);
    await this.audit.record({ kind: 'login.succeeded', ...attempt, actorId: user.id, actorRole: user.role, subjectType: 'user', subjectId: user.id });
    const accessToken = await this.jwt.signAsync(
      claimsFor({ userId: user.id, username: user.username, role: user.role, organisationId: user.organisationId, regionCode: user.regionCode }),
      { algorithm: 'HS256', expiresIn: this.config.jwtTtlSeconds },
    );
    return { user, accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds };
  }
}
