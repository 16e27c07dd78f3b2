import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { KeyObject } from 'node:crypto';
import { ROLES, type Role } from '../../accounts/entities/user.entity.js';
import { Unauthenticated } from '../errors/domain-error.js';
import type { Actor } from './actor.js';
import { IS_PAGE, IS_PUBLIC } from './decorators.js';
import { parseCookies, SESSION_COOKIE } from './session-cookie.js';
import { SignInRequired } from './sign-in-required.js';
import { verifyHs256 } from './hs256.js';

/** Injection token of the HS256 key (a KeyObject made once from the secret). */
export const JWT_KEY = Symbol('JWT_KEY');

interface TokenClaims {
  sub: string;
  usr: string;
  role: Role;
  org: string;
  reg: string;
}

/**
 * Global guard: every route needs a valid HS256 bearer token unless marked @Public(). Page routes (@Page())
 * take the same token from the session cookie instead, and only from there: the API never reads the cookie.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JWT_KEY) private readonly key: KeyObject,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest();
    if (this.reflector.getAllAndOverride<boolean>(IS_PAGE, [context.getHandler(), context.getClass()])) {
      const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
      const actor = token && /^[A-Za-z0-9_\-.]+$/.test(token) ? this.actorOf(token) : undefined;
      if (!actor) throw new SignInRequired();
      request.actor = actor;
      return true;
    }
    const header: string | undefined = request.headers.authorization;
    const match = header && /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match) throw new Unauthenticated();
    // Expiry is real time, not the service clock: tests move the clock by years.
    const check = verifyHs256(match[1], this.key, Math.floor(Date.now() / 1000));
    if (!check.ok) {
      throw new Unauthenticated(
        check.reason === 'expired' ? { zh: '访问令牌已过期，请重新登录', en: 'The access token has expired; sign in again' } : { zh: '访问令牌无效', en: 'The access token is invalid' },
      );
    }
    const claims = check.claims as unknown as TokenClaims;
    if (!claims.sub || !ROLES.includes(claims.role) || !claims.org || !claims.reg) throw new Unauthenticated({ zh: '访问令牌无效', en: 'The access token is invalid' });
    const actor: Actor = { userId: claims.sub, username: claims.usr, role: claims.role, organisationId: claims.org, regionCode: claims.reg };
    request.actor = actor;
    return true;
  }

  /** The actor of a session cookie's token, or undefined when it is not one of ours or has expired. */
  private actorOf(token: string): Actor | undefined {
    const check = verifyHs256(token, this.key, Math.floor(Date.now() / 1000));
    if (!check.ok) return undefined;
    const claims = check.claims as unknown as TokenClaims;
    if (!claims.sub || !ROLES.includes(claims.role) || !claims.org || !claims.reg) return undefined;
    return { userId: claims.sub, username: claims.usr, role: claims.role, organisationId: claims.org, regionCode: claims.reg };
  }
}

export function claimsFor(actor: Actor): TokenClaims {
  return { sub: actor.userId, usr: actor.username, role: actor.role, org: actor.organisationId, reg: actor.regionCode };
}
