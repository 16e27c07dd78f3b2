import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { Clock } from '../common/clock.js';
import { Conflict, DomainError, Forbidden, NotFound, ValidationFailed, fieldViolation } from '../common/errors/domain-error.js';
import type { LoadedCase } from '../workflow-engine/case-store.js';
import type { FilingMaterialView, FilingView } from './dto/filings.dto.js';
import { FilingMaterial } from './entities/filing-material.entity.js';
import { FilingAccess } from './filing-access.js';
import { checklist, filingKinds, kindLabel } from './filing-kinds.js';
import { FilingReceiptsService } from './filing-receipts.service.js';
import { ALLOWED_TYPES, cleanFileName, MAX_MATERIAL_BYTES, sniffType } from './file-type.js';
import { tooLarge } from './multipart.js';

/** The states in which the employer files or supplies materials (procedure.md states 11–13). */
export const UPLOAD_STATES = ['awaiting_filing', 'filing_overdue', 'under_review'];

export interface Upload {
  kind: string | undefined;
  fileName: string | undefined;
  bytes: Buffer | undefined;
}

const COLUMNS = { id: true, caseId: true, kind: true, fileName: true, contentType: true, size: true, sha256: true, uploadedBy: true, uploadedAt: true } as const;

/** The filing materials (报送材料, CCP Arts 42–43): the employer uploads them; the parties, bureau and federation read them. */
@Injectable()
export class FilingMaterialsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FilingAccess) private readonly access: FilingAccess,
    @Inject(FilingReceiptsService) private readonly receipts: FilingReceiptsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Whether this actor may upload to this case now (the page shows the forms only then). */
  static uploadOpen(actor: Actor, c: LoadedCase): boolean {
    return actor.role === 'employer' && UPLOAD_STATES.includes(c.status);
  }

  async overview(actor: Actor, caseId: string): Promise<FilingView> {
    const c = await this.access.readable(actor, caseId);
    const materials = await this.rows(caseId);
    return {
      caseId,
      state: c.status,
      uploadOpen: FilingMaterialsService.uploadOpen(actor, c),
      checklist: checklist(c.kind).map((item) => ({ kind: item.kind, label: item.label, required: item.required, uploaded: materials.filter((m) => m.kind === item.kind).length })),
      materials,
      receipt: await this.receipts.current(caseId),
    };
  }

  async list(actor: Actor, caseId: string): Promise<FilingMaterialView[]> {
    await this.access.readable(actor, caseId);
    return this.rows(caseId);
  }

  /**
   * Stores an upload after the checks that need no body (who, which state): `read` gives the file only then, so a
   * refused request is not read into memory first (the pages read theirs before, for the CSRF token inside).
   */
  async upload(actor: Actor, caseId: string, read: () => Promise<Upload>): Promise<FilingMaterialView> {
    const c = await this.access.readable(actor, caseId);
    if (actor.role !== 'employer') {
      throw new Forbidden({ zh: '只有用人单位一方可以上传报送材料（集体合同规定第四十二条）；工会及其他方仅可查看', en: 'only the employer side uploads filing materials (CCP Art 42); the union and others read them' });
    }
    if (!UPLOAD_STATES.includes(c.status)) {
      throw new Conflict(
        { zh: `案件处于 ${c.status} 阶段，不能上传报送材料：仅在待报送、逾期未报送或审查中时可以上传（集体合同规定第四十二条）`, en: `the case is in ${c.status}: filing materials are uploaded only while awaiting filing, filing overdue or under review (CCP Art 42)` },
        { state: c.status, errors: [fieldViolation('state', 'uploadState', '当前阶段不能上传报送材料', 'no uploads in this state')] },
      );
    }
    const upload = await read();
    const problems = [];
    if (!upload.kind || !filingKinds().includes(upload.kind)) {
      problems.push(fieldViolation('kind', 'isIn', `材料类别须为以下之一：${filingKinds().join('、')}`, `kind must be one of ${filingKinds().join(', ')}`));
    }
    if (!upload.bytes || upload.bytes.length === 0) problems.push(fieldViolation('file', 'required', '请选择要上传的文件', 'choose a file to upload'));
    if (problems.length) throw new ValidationFailed(problems);
    const bytes = upload.bytes!;
    if (bytes.length > MAX_MATERIAL_BYTES) throw tooLarge();
    const type = sniffType(bytes);
    if (!type) {
      throw new DomainError(
        415,
        'unsupported-media-type',
        { zh: '不支持的文件类型', en: 'Unsupported file type' },
        { zh: '报送材料只接受 PDF、JPEG 或 PNG 文件（按文件内容识别）', en: 'filing materials must be PDF, JPEG or PNG files (recognised by their content)' },
        { errors: [fieldViolation('file', 'fileType', `文件须为 ${ALLOWED_TYPES.join('、')}`, `the file must be ${ALLOWED_TYPES.join(', ')}`)] },
      );
    }
    const row: FilingMaterial = {
      caseId,
      id: randomUUID(),
      kind: upload.kind!,
      fileName: cleanFileName(upload.fileName, type),
      contentType: type,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
      uploadedBy: actor.userId,
      uploadedAt: this.clock.now(),
    };
    await this.dataSource.getRepository(FilingMaterial).insert(row);
    return toView(row);
  }

  async download(actor: Actor, caseId: string, id: string): Promise<{ material: FilingMaterialView; bytes: Buffer }> {
    await this.access.readable(actor, caseId);
    const row = await this.dataSource
      .getRepository(FilingMaterial)
      .findOne({ where: { caseId, id }, select: { ...COLUMNS, bytes: true } });
    if (!row?.bytes) throw new NotFound({ zh: '报送材料', en: 'Filing material' }, id);
    return { material: toView(row), bytes: row.bytes };
  }

  private async rows(caseId: string): Promise<FilingMaterialView[]> {
    const rows = await this.dataSource.getRepository(FilingMaterial).find({ where: { caseId }, select: COLUMNS, order: { uploadedAt: 'ASC', id: 'ASC' } });
    return rows.map(toView);
  }
}

function toView(r: FilingMaterial): FilingMaterialView {
  return {
    id: r.id,
    caseId: r.caseId,
    kind: r.kind,
    kindLabel: kindLabel(r.kind),
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    uploadedBy: r.uploadedBy,
    uploadedAt: r.uploadedAt,
    href: `/api/cases/${r.caseId}/filing/materials/${r.id}`,
  };
}
