import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The sign-in form's fields (x-www-form-urlencoded from the page; JSON is read alike). The CSRF check is the handler's: a missing token is a 403, not a 400. */
export class SignInForm {
  @ApiPropertyOptional({ example: 'union.demo' }) @IsOptional() @IsString() @MaxLength(64) username?: string;
  @ApiPropertyOptional({ format: 'password' }) @IsOptional() @IsString() @MaxLength(256) password?: string;
  @ApiPropertyOptional({ description: 'the form’s CSRF token (tied to the cb_login_csrf cookie)' }) @IsOptional() @IsString() @MaxLength(200) csrf?: string;
  @ApiPropertyOptional({ description: 'a path of this site to go to after sign-in', example: '/' }) @IsOptional() @IsString() @MaxLength(512) next?: string;
}

/** The sign-out form: its CSRF token only (tied to the session cookie). */
export class SignOutForm {
  @ApiPropertyOptional({ description: 'the CSRF token of the session' }) @IsOptional() @IsString() @MaxLength(200) csrf?: string;
}
