import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** The body of a decision (confirm, agree, withdraw): an optional remark kept with it. */
export class RemarkDto {
  @ApiPropertyOptional({ description: '说明 a remark kept with the decision' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  remark?: string;
}
