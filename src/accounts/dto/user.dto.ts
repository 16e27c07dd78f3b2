import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsRegionCode } from '../../common/validation/decorators.js';
import { ROLES, type Role, type User } from '../entities/user.entity.js';

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ example: '510100' }) regionCode: string;
  @ApiProperty() active: boolean;

  static of(user: User): UserView {
    const { id, username, displayName, role, organisationId, regionCode, active } = user;
    return { id, username, displayName, role, organisationId, regionCode, active };
  }
}

export class CreateUserDto {
  @ApiProperty({ example: 'union.wuhou', description: '3–64 characters: letters, digits, dot, dash, underscore' })
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/i)
  username: string;

  @ApiProperty({ example: '张三' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({ example: '510100', description: 'root of the jurisdiction' })
  @IsRegionCode()
  regionCode: string;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1_000_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}
