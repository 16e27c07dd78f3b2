import { readFileSync } from 'node:fs';
import { Controller, Get, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { Public } from '../common/auth/decorators.js';
import { NotFound } from '../common/errors/domain-error.js';
import { projectPath } from '../config/project-root.js';
import { WebAssets } from './web-assets.js';

/**
 * The page runs only its own scripts and talks only to this service; no inline script or style (charts
 * and bars are styled through the CSSOM, which CSP does not govern), no frames, no forms posted elsewhere.
 * Stricter than the service-wide helmet policy, and without upgrade-insecure-requests, which would send a
 * plain-HTTP deployment's own assets to https.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The federation's campaign dashboard: a page shell and its assets, public because they hold no data.
 * The page signs in through POST /api/auth/login and reads everything from the authenticated API.
 */
@ApiTags('web 页面')
@Controller()
export class DashboardController {
  private readonly html: string;

  constructor(@Inject(WebAssets) private readonly assets: WebAssets) {
    const view = Handlebars.compile(readFileSync(projectPath('web/dashboard/dashboard.hbs'), 'utf8'), { strict: true });
    this.html = view({ css: assets.url('dashboard.css'), echarts: assets.url('echarts.js'), script: assets.url('dashboard.js'), icon: assets.url('icon.svg') });
  }

  @Public()
  @Get('dashboard')
  @ApiOperation({ summary: '集中要约月工作台 The campaign dashboard page (HTML; signs in and reads the API with a bearer token)' })
  @ApiProduces('text/html')
  @ApiQuery({ name: 'campaign', required: false, description: 'campaign to show (UUID)' })
  @ApiQuery({ name: 'region', required: false, description: 'region code of the breakdown' })
  @ApiQuery({ name: 'industry', required: false, description: 'GB/T 4754 section' })
  @ApiQuery({ name: 'kind', required: false, description: 'contract kind' })
  @ApiOkResponse({ description: 'the page; its filters are read from the query by the page itself' })
  page(@Res() res: Response) {
    res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Security-Policy': DASHBOARD_CSP }).send(this.html);
  }

  @Public()
  @Get('assets/:file')
  @ApiOperation({ summary: '页面资源 A script, style or icon of the pages (name carries its hash; cached for a year)' })
  @ApiParam({ name: 'file', example: 'echarts.0123456789abcdef.js' })
  @ApiProduces('text/javascript', 'text/css', 'image/svg+xml')
  @ApiNotFoundResponse({ description: 'unknown name or an earlier version’s hash' })
  async asset(@Param('file') file: string, @Headers('accept-encoding') acceptEncoding: string | undefined, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: Response) {
    const asset = this.assets.find(file);
    if (!asset) throw new NotFound({ zh: '页面资源', en: 'Asset' }, file);
    res.set({ 'Content-Type': asset.contentType, 'Cache-Control': `public, max-age=${YEAR_SECONDS}, immutable`, ETag: asset.etag, Vary: 'Accept-Encoding' });
    if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)) {
      res.status(304).end();
      return;
    }
    const { bytes, encoding } = await this.assets.body(asset, acceptEncoding);
    if (encoding) res.set('Content-Encoding', encoding);
    res.send(bytes);
  }
}
