import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { PageOf } from '../common/pagination/page.js';
import { CreateUserDto, ListUsersQuery, UserView } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

const UserPage = PageOf(UserView, 'UserPage');

@ApiTags('users 用户')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: '当前用户 The signed-in user' })
  @ApiOkResponse({ type: UserView })
  async me(@CurrentActor() actor: Actor): Promise<UserView> {
    return UserView.of(await this.users.me(actor));
  }

  @Get()
  @ApiOperation({ summary: '用户列表 Users in the caller’s jurisdiction (federation, admin)' })
  @ApiOkResponse({ type: UserPage })
  async list(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery) {
    const page = await this.users.list(actor, query);
    return { ...page, items: page.items.map(UserView.of) };
  }

  @Post()
  @ApiOperation({ summary: '新建用户 Create a user (admin)' })
  @ApiCreatedResponse({ type: UserView })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserView> {
    return UserView.of(await this.users.create(actor, body));
  }
}
