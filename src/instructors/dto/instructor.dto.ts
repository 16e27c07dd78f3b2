import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIsoDate, IsRegionCode } from '../../common/validation/decorators.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

const QUALIFICATIONS: ApiPropertyOptions = { type: [String], example: ['集体协商指导员资格证书', '劳动关系协调师（二级）'], description: '资格证书 certificates held' };

export class CreateInstructorDto {
  @ApiProperty({ example: '刘志华' }) @IsString() @MinLength(1) @MaxLength(64) name: string;
  @ApiPropertyOptional({ format: 'uuid', description: '聘任单位 the appointing federation (总工会) in your jurisdiction; default: your own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
  @ApiPropertyOptional({ example: '510107', description: '服务地区 the region served (and its subtree), within your jurisdiction and the federation’s; default: the federation’s region' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;
  @ApiProperty(QUALIFICATIONS) @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(100, { each: true }) qualifications: string[];
  @ApiProperty({ example: '2018-01-01', description: '聘任日期 first day of the appointment' }) @IsIsoDate() appointedOn: string;
  @ApiPropertyOptional({ example: '2020-12-31', description: '聘期届满 last day of the appointment (none: open-ended)' }) @IsOptional() @IsIsoDate() appointmentEndsOn?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '登录账号 an existing user with role instructor whose jurisdiction lies in the region served' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class UpdateInstructorDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(64) name?: string;
  @ApiPropertyOptional(QUALIFICATIONS) @IsOptional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(100, { each: true }) qualifications?: string[];
  @ApiPropertyOptional({ example: '2020-12-31', nullable: true, description: '聘期届满 last day of the appointment; null: open-ended' }) @IsOptional() @IsIsoDate() appointmentEndsOn?: string | null;
  @ApiPropertyOptional({ description: 'false: 解聘 end the appointment today (the last day becomes today unless earlier); true: reinstate (extend appointmentEndsOn in the same request)' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'link an instructor account; null: unlink' }) @IsOptional() @IsUUID() userId?: string | null;
}

export class ListInstructorsQuery {
  @ApiPropertyOptional({ description: 'region code: instructors serving that region or a region below it' }) @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional({ description: 'true: appointment not ended (active flag); false: ended' }) @IsOptional() @Transform(toBool) @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'name or a qualification contains' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) q?: string;
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1_000_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class AssessmentQuery {
  @ApiPropertyOptional({ example: 2018, description: '考核年度 default: this year' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ description: 'region code: instructors serving that region or a region below it (default: your jurisdiction)' }) @IsOptional() @IsRegionCode() region?: string;
}

export class AssignInstructorDto {
  @ApiPropertyOptional({ format: 'uuid', description: '改派 the instructor this one replaces on the case (unassigned in the same step)' }) @IsOptional() @IsUUID() replaces?: string;
}

export class NamedRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class UserRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
}

export class InstructorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: NamedRef, description: '聘任单位 the appointing federation' }) organisation: NamedRef;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: [String] }) qualifications: string[];
  @ApiProperty() appointedOn: string;
  @ApiProperty({ nullable: true, type: String }) appointmentEndsOn: string | null;
  @ApiProperty({ description: 'appointment not ended (解聘: false)' }) active: boolean;
  @ApiProperty({ description: '在聘 active and today within the appointment: may be assigned' }) serving: boolean;
  @ApiProperty({ type: UserRef, nullable: true }) user: UserRef | null;
  @ApiProperty({ description: '在办案件 open cases assigned now' }) load: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class InstructorPageView {
  @ApiProperty({ type: [InstructorView] }) items: InstructorView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CaseInstructorView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: InstructorView }) instructor: InstructorView;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assignedBy: string | null;
  @ApiProperty() assignedAt: Date;
}

export class BilingualView {
  @ApiProperty() zh: string;
  @ApiProperty() en: string;
}

export class SuggestionView {
  @ApiProperty({ type: InstructorView }) instructor: InstructorView;
  @ApiProperty({ description: 'open cases assigned now' }) load: number;
  @ApiProperty({ type: BilingualView }) reason: BilingualView;
}

export class StateCountView {
  @ApiProperty({ example: 'awaiting_response' }) state: string;
  @ApiProperty({ type: BilingualView }) label: BilingualView;
  @ApiProperty() cases: number;
}

export class WorkloadCaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: BilingualView }) stateLabel: BilingualView;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: 'a deadline of the current stretch has passed' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the next deadline’s last day' }) nextDueOn: string | null;
  @ApiProperty() assignedAt: Date;
}

export class WorkloadView {
  @ApiProperty({ type: InstructorView }) instructor: InstructorView;
  @ApiProperty({ description: 'open cases assigned' }) open: number;
  @ApiProperty({ type: [StateCountView] }) byState: StateCountView[];
  @ApiProperty({ description: 'open cases overdue now' }) overdue: number;
  @ApiProperty({ type: [WorkloadCaseView], description: 'the open cases, overdue first, then by next deadline' }) cases: WorkloadCaseView[];
}

export class AssessmentFigures {
  @ApiProperty({ description: '指导案件 assigned cases open at some time in the year' }) casesGuided: number;
  @ApiProperty({ description: '签订 assigned cases signed in the year (SIGNED dated in the year)' }) signed: number;
  @ApiProperty({ description: '备案 assigned cases filed in the year (FILED dated in the year)' }) filed: number;
  @ApiProperty({ description: '逾期 assigned cases with a period run out in the year while assigned, or overdue now (this year)' }) overdue: number;
  @ApiProperty({ description: '在办 open cases assigned now' }) load: number;
}

export class AssessmentRow extends AssessmentFigures {
  @ApiProperty({ type: InstructorView }) instructor: InstructorView;
}

export class AssessmentView {
  @ApiProperty() year: number;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: [AssessmentRow], description: 'instructors whose appointment overlaps the year' }) items: AssessmentRow[];
  @ApiProperty({ type: AssessmentFigures, description: 'sums over the rows (a case guided by two instructors counts for each)' }) totals: AssessmentFigures;
}
