import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { claimsFor } from '../common/auth/auth.guard.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/tokens.js';
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
  ) {}

  async login(username: string, password: string) {
    const user = await this.dataSource.getRepository(User).findOne({ where: { username } });
    // Same work whether or not the user exists: no username enumeration by timing.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !user.active || !ok) throw new InvalidCredentials();
    const accessToken = await this.jwt.signAsync(
      claimsFor({ userId: user.id, username: user.username, role: user.role, organisationId: user.organisationId, regionCode: user.regionCode }),
      { algorithm: 'HS256', expiresIn: this.config.jwtTtlSeconds },
    );
    return { user, accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds };
  }
}
