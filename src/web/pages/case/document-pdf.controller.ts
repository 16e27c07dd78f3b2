import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { contentDisposition } from '../../../documents/documents.controller.js';
import { DocumentsService } from '../../../documents/documents.service.js';
import { PageExceptionFilter } from '../page-exception.filter.js';

/** A case's document as a PDF for the pages (the session cookie), after the same check as GET /api/documents/:id/pdf. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class DocumentPdfController {
  constructor(@Inject(DocumentsService) private readonly documents: DocumentsService) {}

  @Page()
  @Get('documents/:id/pdf')
  @ApiOperation({ summary: '文书 PDF（页面） A document’s stored PDF, shown in the browser (inline) or downloaded (?download=1)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'download', required: false, enum: ['1'] })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the PDF' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 404, description: 'no such document, or its case is not within the caller’s reach' })
  async pdf(@Param('id', new ParseUUIDPipe()) id: string, @Query('download') download: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const doc = await this.documents.pdf(actor, id);
    const disposition = contentDisposition(doc.title);
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': download === '1' ? disposition : disposition.replace(/^attachment/, 'inline'),
      ETag: `"${doc.sha256}"`,
      'Cache-Control': 'private, no-cache',
      Vary: 'Cookie',
      'X-Content-SHA256': doc.sha256,
      'X-Content-Type-Options': 'nosniff',
    });
    return new StreamableFile(doc.pdf);
  }
}
