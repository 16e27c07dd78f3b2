import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { attachment } from '../campaigns/roster/roster-upload.js';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { UuidParam } from '../common/validation/validation-pipe.js';
import { FilingMaterialView, FilingReceiptView, FilingView, InboxItemView, IssueReceiptDto, RawUploadQuery } from './dto/filings.dto.js';
import { filingKinds } from './filing-kinds.js';
import { FilingMaterialsService, type Upload } from './filing-materials.service.js';
import { FilingReceiptsService } from './filing-receipts.service.js';
import { FilingsInboxService } from './filings-inbox.service.js';
import { ALLOWED_TYPES, MAX_MATERIAL_BYTES } from './file-type.js';
import { boundaryOf, parseMultipart, readRawBody } from './multipart.js';

const BINARY = { schema: { type: 'string', format: 'binary' } };

/** The request's upload: multipart/form-data (fields kind and file), or the file itself as the body (kind and filename in the query). */
export async function uploadOf(req: Request, query: RawUploadQuery): Promise<Upload> {
  const boundary = boundaryOf(req.headers['content-type']);
  if (boundary) {
    const parts = parseMultipart(await readRawBody(req), boundary);
    const file = parts.find((p) => p.name === 'file');
    return { kind: parts.find((p) => p.name === 'kind')?.data.toString('utf8'), fileName: file?.fileName, bytes: file?.data };
  }
  // Any other type is judged by the bytes (the service refuses what is not PDF, JPEG or PNG).
  return { kind: query.kind, fileName: query.filename, bytes: await readRawBody(req, MAX_MATERIAL_BYTES) };
}

@ApiTags('filings 备案审查')
@ApiBearerAuth()
@Controller('api')
export class FilingsController {
  constructor(
    @Inject(FilingMaterialsService) private readonly materials: FilingMaterialsService,
    @Inject(FilingReceiptsService) private readonly receipts: FilingReceiptsService,
    @Inject(FilingsInboxService) private readonly inboxes: FilingsInboxService,
  ) {}

  @Get('filings')
  @ApiOperation({ summary: '备案收件箱 The bureau’s inbox: filings of its jurisdiction under review, nearest review deadline first (days remaining), then those overdue (flagged)' })
  @ApiOkResponse({ type: [InboxItemView] })
  inbox(@CurrentActor() actor: Actor) {
    return this.inboxes.inbox(actor);
  }

  @Get('cases/:id/filing')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '报送材料概况 The filing: the checklist with what was uploaded for each item, the materials, the receipt of the current filing' })
  @ApiOkResponse({ type: FilingView })
  overview(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.materials.overview(actor, id);
  }

  @Get('cases/:id/filing/materials')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '报送材料列表 The uploaded materials (the parties, the bureau and the federation of the jurisdiction; others 404)' })
  @ApiOkResponse({ type: [FilingMaterialView] })
  list(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.materials.list(actor, id);
  }

  @Post('cases/:id/filing/materials')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary: '上传报送材料 Upload a filing material (the employer side, while awaiting filing, filing overdue or under review): PDF, JPEG or PNG by content, at most 10 MB',
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', required: ['kind', 'file'], properties: { kind: { type: 'string', enum: filingKinds() }, file: { type: 'string', format: 'binary' } } },
        },
        ...Object.fromEntries([...ALLOWED_TYPES, 'application/octet-stream'].map((t) => [t, BINARY])),
      },
    },
  })
  @ApiCreatedResponse({ type: FilingMaterialView })
  @ApiResponse({ status: 403, description: 'not the employer side' })
  @ApiResponse({ status: 409, description: 'not in a filing state' })
  @ApiResponse({ status: 413, description: 'larger than 10 MB' })
  @ApiResponse({ status: 415, description: 'not PDF, JPEG or PNG' })
  upload(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: RawUploadQuery, @Req() req: Request): Promise<FilingMaterialView> {
    return this.materials.upload(actor, id, () => uploadOf(req, query));
  }

  @Get('cases/:id/filing/materials/:materialId')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'materialId', format: 'uuid' })
  @ApiOperation({ summary: '下载报送材料 Download a material (attachment, nosniff)' })
  @ApiProduces(...ALLOWED_TYPES)
  @ApiOkResponse({ ...BINARY, description: 'the file as uploaded' })
  async download(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('materialId', UuidParam) materialId: string, @Res({ passthrough: true }) res: Response) {
    const { material, bytes } = await this.materials.download(actor, id, materialId);
    sendHeaders(res, material);
    return new StreamableFile(bytes);
  }

  @Post('cases/:id/filing/receipt')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '出具受理回执 Issue the receipt of the filing under review (the bureau); the same filing again answers the first receipt (200)' })
  @ApiCreatedResponse({ type: FilingReceiptView, description: 'issued now' })
  @ApiOkResponse({ type: FilingReceiptView, description: 'already issued for this filing' })
  async issueReceipt(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: IssueReceiptDto, @Res({ passthrough: true }) res: Response): Promise<FilingReceiptView> {
    const { created, receipt } = await this.receipts.issue(actor, id, dto);
    res.status(created ? 201 : 200);
    return receipt;
  }
}

/** A material as a download: never shown inline, never sniffed into another type. */
export function sendHeaders(res: Response, material: FilingMaterialView): void {
  res.set({
    'Content-Type': material.contentType,
    'Content-Length': String(material.size),
    'Content-Disposition': attachment(material.fileName),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
}
