import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { Page } from '../../common/auth/decorators.js';

/**
 * A page of one case (`…/cases/:id/…`, signed in by the session cookie): `@Page()` and the OpenAPI lines every
 * such page shares — HTML, 303 to the sign-in without a session, 404 for a case out of the caller's reach.
 */
export function CasePage(summary: string) {
  return applyDecorators(
    Page(),
    ApiOperation({ summary }),
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiProduces('text/html'),
    ApiOkResponse({ description: 'the page' }),
    ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' }),
    ApiResponse({ status: 404, description: 'no such case, or not within the caller’s reach' }),
  );
}
