import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { RegisterPageView, RegisterQuery } from './register.dto.js';
import { RegisterService } from './register.service.js';

@ApiTags('register 集体合同登记簿')
@ApiBearerAuth()
@Controller('api/register')
export class RegisterController {
  constructor(@Inject(RegisterService) private readonly register: RegisterService) {}

  @Get()
  @ApiOperation({ summary: '集体合同登记簿 Contracts in force in the caller’s jurisdiction (bureau, federation, admin): by region, industry, term end, words of the text' })
  @ApiOkResponse({ type: RegisterPageView })
  search(@CurrentActor() actor: Actor, @Query() query: RegisterQuery) {
    return this.register.search(actor, query);
  }
}
