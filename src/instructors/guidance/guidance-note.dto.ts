import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { GUIDANCE_NOTE_MAX } from '../entities/guidance-note.entity.js';

export class CreateGuidanceNoteDto {
  @ApiProperty({ maxLength: GUIDANCE_NOTE_MAX, example: '建议职工方在要约书中列明工资增长幅度的测算依据。', description: '指导意见 the note, 1–2000 characters (blank lines trimmed)' })
  @IsString()
  @MaxLength(GUIDANCE_NOTE_MAX)
  body: string;
}

export class GuidanceNoteAuthorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class GuidanceNoteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'the notes of the case numbered in the order written' }) seq: number;
  @ApiProperty({ type: GuidanceNoteAuthorView }) author: GuidanceNoteAuthorView;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: Date;
}
