import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsCreditCode, IsIndustryCode, IsRegionCode } from '../../common/validation/decorators.js';
import { ORGANISATION_KINDS, UNION_LEVELS, type Organisation, type OrganisationKind, type UnionLevel } from '../entities/organisation.entity.js';

export class OrganisationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ example: '成都示范机械制造有限公司' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: '91510107MA6CA7P01G' }) creditCode: string | null;
  @ApiProperty({ example: '510107' }) regionCode: string;
  @ApiProperty({ nullable: true, type: String, example: 'C' }) industryCode: string | null;
  @ApiProperty({ nullable: true, type: Number }) employees: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) unionised: boolean | null;
  @ApiProperty({ nullable: true, enum: UNION_LEVELS }) unionLevel: UnionLevel | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) enterpriseId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId: string | null;
  @ApiProperty({ nullable: true, type: String }) legalRepresentative: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static of(o: Organisation): OrganisationView {
    const { id, kind, name, creditCode, regionCode, industryCode, employees, unionised, unionLevel, enterpriseId, parentId, legalRepresentative, address, createdAt, updatedAt } = o;
    return { id, kind, name, creditCode, regionCode, industryCode, employees, unionised, unionLevel, enterpriseId, parentId, legalRepresentative, address, createdAt, updatedAt };
  }
}

const MAX_EMPLOYEES = 10_000_000;

class NamedInRegion {
  @ApiProperty({ minLength: 2, maxLength: 200 })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '510107', description: '6-digit GB/T 2260 code of a known region' })
  @IsRegionCode()
  regionCode: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;
}

export class CreateEnterpriseDto extends NamedInRegion {
  @ApiProperty({ example: '91510107MA6CA7P01G', description: '统一社会信用代码, GB 32100-2015 (check character verified)' })
  @IsCreditCode()
  creditCode: string;

  @ApiProperty({ example: 'C', description: 'GB/T 4754 section' })
  @IsIndustryCode()
  industryCode: string;

  @ApiProperty({ minimum: 0, maximum: MAX_EMPLOYEES })
  @IsInt()
  @Min(0)
  @Max(MAX_EMPLOYEES)
  employees: number;

  @ApiProperty({ description: '已建会: a union has been established' })
  @IsBoolean()
  unionised: boolean;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  legalRepresentative?: string;
}
// Updates: a field left out stays as it is; null is validated like any value, so a required field
// cannot be cleared with it (it used to reach the database: a 500 for name, a silently dropped credit code).
export class UpdateEnterpriseDto extends PartialType(CreateEnterpriseDto, { skipNullProperties: false }) {}

export class CreateUnionDto extends NamedInRegion {
  @ApiProperty({ enum: UNION_LEVELS, description: 'enterprise 企业工会, industry 行业工会, regional 区域工会, federation 总工会' })
  @IsIn(UNION_LEVELS)
  level: UnionLevel;

  @ApiPropertyOptional({ description: '统一社会信用代码 of the union (社会团体, GB 32100-2015)' })
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'required for an enterprise union: its enterprise' })
  @ValidateIf((o: CreateUnionDto) => o.level === 'enterprise' || o.enterpriseId !== undefined)
  @IsUUID()
  enterpriseId?: string;

  @ApiPropertyOptional({ description: 'industry unions: their GB/T 4754 section' })
  @IsOptional()
  @IsIndustryCode()
  industryCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the parent federation (上级工会)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_EMPLOYEES, description: 'members' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_EMPLOYEES)
  employees?: number;
}
export class UpdateUnionDto extends PartialType(CreateUnionDto, { skipNullProperties: false }) {}

export class CreateEmployerAssociationDto extends NamedInRegion {
  @ApiPropertyOptional({ description: '统一社会信用代码 (GB 32100-2015)' })
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;

  @ApiPropertyOptional({ description: 'GB/T 4754 section the association represents' })
  @IsOptional()
  @IsIndustryCode()
  industryCode?: string;
}
export class UpdateEmployerAssociationDto extends PartialType(CreateEmployerAssociationDto, { skipNullProperties: false }) {}

export class CreateLabourBureauDto extends NamedInRegion {}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListOrganisationsQuery {
  @ApiPropertyOptional({ description: 'region code: that region and its subtree' }) @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsIndustryCode() industryCode?: string;
  @ApiPropertyOptional({ description: 'enterprises: unionised or not' }) @IsOptional() @Transform(toBool) @IsBoolean() unionised?: boolean;
  @ApiPropertyOptional({ enum: UNION_LEVELS, description: 'unions: level' }) @IsOptional() @IsIn(UNION_LEVELS) level?: UnionLevel;
  @ApiPropertyOptional({ format: 'uuid', description: 'unions: parent federation' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ description: 'name or credit code contains' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) q?: string;
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1_000_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}
