import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor.js';

export const IS_PUBLIC = 'cb:isPublic';
/** The few routes reachable without a token: /health, login. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);

export const IS_PAGE = 'cb:isPage';
/**
 * An HTML page route: authenticated by the session cookie (set by POST /login), not by a bearer token.
 * The API never reads the cookie, so a cross-site request cannot ride on it there.
 */
export const Page = () => SetMetadata(IS_PAGE, true);
