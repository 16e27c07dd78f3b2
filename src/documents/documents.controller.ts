import { Controller, Get, Inject, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { ValidationFailed } from '../common/errors/domain-error.js';
import { UuidParam } from '../common/validation/validation-pipe.js';
import { DocumentsService } from './documents.service.js';

/** RFC 6266/5987: an ASCII fallback and the Chinese name, percent-encoded UTF-8. */
export function contentDisposition(title: string): string {
  const name = `${title}.pdf`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

@ApiTags('documents 文书')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(@Inject(DocumentsService) private readonly documents: DocumentsService) {}

  @Get('api/cases/:id/documents')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '案件文书 The documents the procedure produced so far, and those still being rendered' })
  forCase(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.documents.forCase(actor, id);
  }

  @Get('api/documents/:id/pdf')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: '下载文书 The stored PDF (never re-rendered), with its Chinese file name and SHA-256' })
  async pdf(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) res: Response) {
    const doc = await this.documents.pdf(actor, id);
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': contentDisposition(doc.title), ETag: `"${doc.sha256}"`, 'Cache-Control': 'private, max-age=3600, immutable', 'X-Content-SHA256': doc.sha256 });
    return new StreamableFile(doc.pdf);
  }

  @Get('api/documents/verify/:hash')
  @ApiParam({ name: 'hash', description: 'the verification code printed on a signed contract, or a PDF’s SHA-256 (64 hex digits)' })
  @ApiOperation({ summary: '核验 Which stored document a verification code or a PDF hash is' })
  verify(@CurrentActor() actor: Actor, @Param('hash') hash: string) {
    if (!/^[0-9a-f]{64}$/i.test(hash)) throw new ValidationFailed([{ field: 'hash', rule: 'sha256', message_zh: 'hash 须为 64 位十六进制核验码', message_en: 'hash must be 64 hexadecimal digits' }]);
    return this.documents.verify(actor, hash.toLowerCase());
  }
}
