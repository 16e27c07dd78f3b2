import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The API's JSON answers are never documents: they load nothing, and nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
export const HSTS = 'max-age=31536000; includeSubDomains';

const isApi = (path: string) => path.startsWith('/api/') && !path.startsWith('/api/docs');

/**
 * 安全响应头 Security headers of every response. helmet's set (nosniff, Referrer-Policy no-referrer, X-Frame-Options
 * SAMEORIGIN, COOP/CORP, a CSP the Swagger UI at /api/docs works under); the pages and the dashboard replace the CSP
 * with their own stricter one (page-renderer.ts), as do the downloads; the API's answers get API_CSP and DENY.
 * HSTS only on a secure request (behind a TLS proxy: Express's `trust proxy`), where it means something.
 */
export function securityHeaders(): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
      strictTransportSecurity: false,
    }),
    (req: Request, res: Response, next: NextFunction) => {
      if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
      if (isApi(req.path)) {
        res.setHeader('Content-Security-Policy', API_CSP);
        res.setHeader('X-Frame-Options', 'DENY');
      }
      next();
    },
  ];
}
