import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsIsoDate } from '../../common/validation/decorators.js';
import { ART28_GROUNDS, DEPARTURE_REASONS, Representative, RepresentativesAppointed } from '../../workflow-engine/payloads/event-payloads.js';

/** Appoint: the whole list of the caller's side (members who stay, and the new ones); the event's own payload class. */
export { RepresentativesAppointed as AppointRepresentativesDto };

export class DepartureDto {
  @ApiProperty({ example: '2018-03-20' }) @IsIsoDate() occurredOn: string;
  @ApiProperty({ enum: DEPARTURE_REASONS }) @IsIn(DEPARTURE_REASONS) reason: (typeof DEPARTURE_REASONS)[number];
  @ApiPropertyOptional({ enum: ART28_GROUNDS, description: 'dismissal of an employee representative during the term: the ground of CCP Art 28' })
  @IsOptional()
  @IsIn(ART28_GROUNDS)
  ground?: (typeof ART28_GROUNDS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) note?: string;
}

/** Replace: one leaves and another takes the seat, recorded together. */
export class ReplaceRepresentativeDto extends DepartureDto {
  @ApiProperty({ type: () => Representative })
  @ValidateNested()
  @Type(() => Representative)
  successor: Representative;
}
