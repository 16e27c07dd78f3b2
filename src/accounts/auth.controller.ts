import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/auth/decorators.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LoginResponseDto } from './dto/login.dto.js';

@ApiTags('auth 认证')
@Controller('api/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录 Sign in: returns a short-lived access token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'wrong username or password' })
  @ApiResponse({ status: 429, description: 'too many failed sign-ins for this username or from this address: wait Retry-After seconds' })
  async login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponseDto> {
    const { accessToken, tokenType, expiresIn } = await this.auth.login(body.username, body.password, { address: req.ip, userAgent: req.headers['user-agent'] });
    return { accessToken, tokenType, expiresIn };
  }
}
