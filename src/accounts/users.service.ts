import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { Conflict, NotFound, ValidationFailed } from '../common/errors/domain-error.js';
import { pageArgs, type Page } from '../common/pagination/page.js';
import { Organisation } from '../organisations/entities/organisation.entity.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import type { CreateUserDto, ListUsersQuery } from './dto/user.dto.js';
import { User } from './entities/user.entity.js';
import { hashPassword } from './password-hasher.js';

const USER = { zh: '用户', en: 'User' };

@Injectable()
export class UsersService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
  ) {}

  async me(actor: Actor): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: actor.userId } });
    if (!user) throw new NotFound(USER, actor.userId);
    return user;
  }

  async list(actor: Actor, query: ListUsersQuery): Promise<Page<User>> {
    this.access.assert(actor, 'user.read');
    const { page, pageSize, skip, take } = pageArgs(query);
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin('u.region', 'r')
      .where('r.path LIKE :path', { path: `${this.access.subtreePath(actor)}%` })
      .orderBy('u.username', 'ASC')
      // offset/limit, not skip/take: the joins are to-one, so no DISTINCT-ids pre-query is needed.
      .offset(skip)
      .limit(take);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    const [items, total] = await qb.getManyAndCount();
    return { items, total, page, pageSize };
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<User> {
    if (!this.regions.get(dto.regionCode)) {
      throw new ValidationFailed([{ field: 'regionCode', rule: 'exists', message_zh: `行政区划 ${dto.regionCode} 不存在`, message_en: `region ${dto.regionCode} does not exist` }]);
    }
    this.access.assert(actor, 'user.manage', { regionCode: dto.regionCode });
    return this.dataSource.transaction(async (manager) => {
      const organisation = await manager.findOne(Organisation, { where: { id: dto.organisationId } });
      if (!organisation || !this.access.inJurisdiction(actor, organisation.regionCode)) {
        throw new ValidationFailed([{ field: 'organisationId', rule: 'exists', message_zh: `组织 ${dto.organisationId} 不存在`, message_en: `organisation ${dto.organisationId} does not exist` }]);
      }
      if (await manager.exists(User, { where: { username: dto.username } })) {
        throw new Conflict({ zh: `用户名 ${dto.username} 已被使用`, en: `username ${dto.username} is taken` });
      }
      const user = manager.create(User, {
        id: randomUUID(),
        username: dto.username,
        displayName: dto.displayName,
        passwordHash: await hashPassword(dto.password),
        role: dto.role,
        organisationId: dto.organisationId,
        regionCode: dto.regionCode,
        active: true,
      });
      return manager.save(user);
    });
  }
}
