import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsIsoDate } from '../../common/validation/decorators.js';
import { Recorder } from '../../workflow-engine/payloads/event-payloads.js';

export class ScheduleSessionDto {
  @ApiProperty({ example: '2018-03-26' }) @IsIsoDate() scheduledOn: string;
  @ApiPropertyOptional({ example: '09:30' }) @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) startsAt?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) place: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(200, { each: true }) agenda: string[];
  @ApiProperty({ type: () => Recorder, description: 'jointly named; not a representative (CCP Art 33)' }) @ValidateNested() @Type(() => Recorder) recorder: Recorder;
}

export class RecordMinutesDto {
  @ApiProperty({ example: '2018-03-26' }) @IsIsoDate() heldOn: string;
  @ApiProperty({ type: [String], description: 'personIds of the representatives present' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  attendance: string[];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50_000) minutes: string;
}
