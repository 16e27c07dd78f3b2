import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsIsoDate } from '../../common/validation/decorators.js';
import { filingKinds } from '../filing-kinds.js';

export class BilingualLabel {
  @ApiProperty() zh: string;
  @ApiProperty() en: string;
}

/** A raw upload (the file itself as the body) names its item and file in the query. */
export class RawUploadQuery {
  @ApiPropertyOptional({ description: 'checklist item (raw body uploads; multipart sends it as the field `kind`)', enum: filingKinds() })
  @IsOptional()
  @IsIn(filingKinds())
  kind?: string;

  @ApiPropertyOptional({ description: 'the file name (raw body uploads)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  filename?: string;
}

export class FilingMaterialView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: filingKinds() }) kind: string;
  @ApiProperty({ type: BilingualLabel }) kindLabel: BilingualLabel;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) contentType: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the file, hex' }) sha256: string;
  @ApiProperty({ format: 'uuid' }) uploadedBy: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: Date;
  @ApiProperty({ description: 'GET it here (attachment)' }) href: string;
}

export class ChecklistItemView {
  @ApiProperty({ enum: filingKinds() }) kind: string;
  @ApiProperty({ type: BilingualLabel }) label: BilingualLabel;
  @ApiProperty({ description: 'FILED needs it for this kind of contract' }) required: boolean;
  @ApiProperty({ description: 'files uploaded for it' }) uploaded: number;
}

export class IssueReceiptDto {
  @ApiPropertyOptional({ example: '成人社集备〔2018〕15号', description: '回执编号 the receipt number; default: generated from the region, the date and the case' })
  @IsOptional()
  @IsString()
  @Matches(/^[^\u0000-\u001f\u007f]{1,64}$/)
  receiptNo?: string;

  @ApiPropertyOptional({ example: '2018-03-12', description: '收到日期 the day the bureau received the filing; default: the FILED date. Not before it, not in the future' })
  @IsOptional()
  @IsIsoDate()
  receivedOn?: string;
}

export class FilingReceiptView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'the FILED event (seq) this receipt answers' }) filingSeq: number;
  @ApiProperty() receiptNo: string;
  @ApiProperty({ example: '2018-03-12' }) receivedOn: string;
  @ApiProperty({ format: 'uuid' }) issuedBy: string;
  @ApiProperty({ format: 'uuid' }) bureauOrgId: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: Date;
}

export class FilingView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() state: string;
  @ApiProperty({ description: 'the employer may upload now (its role and the case’s state)' }) uploadOpen: boolean;
  @ApiProperty({ type: [ChecklistItemView] }) checklist: ChecklistItemView[];
  @ApiProperty({ type: [FilingMaterialView] }) materials: FilingMaterialView[];
  @ApiPropertyOptional({ type: FilingReceiptView, nullable: true, description: 'the receipt of the current filing, if issued' }) receipt: FilingReceiptView | null;
}

export class InboxItemView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['under_review', 'filing_overdue'] }) state: string;
  @ApiProperty({ type: BilingualLabel }) stateLabel: BilingualLabel;
  @ApiProperty({ nullable: true }) enterprise: string | null;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ nullable: true, description: 'the FILED date (under review)' }) filedOn: string | null;
  @ApiProperty({ nullable: true, description: 'the day signed (filing overdue: the filing period ran from it)' }) signedOn: string | null;
  @ApiProperty({ nullable: true, description: 'last day of the 15-day review (CCP Art 47)' }) reviewDueOn: string | null;
  @ApiProperty({ nullable: true, description: 'days until the review deadline (negative: passed)' }) daysRemaining: number | null;
  @ApiProperty({ description: 'filing overdue (CCP Art 42): flagged' }) filingOverdue: boolean;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ type: FilingReceiptView, nullable: true }) receipt: FilingReceiptView | null;
}
