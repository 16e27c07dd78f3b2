import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { User } from '../accounts/entities/user.entity.js';
import { AccessPolicy, type Action } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { Clock } from '../common/clock.js';
import { fieldViolation, NotFound, ValidationFailed, type FieldViolation } from '../common/errors/domain-error.js';
import { pageArgs, type Page } from '../common/pagination/page.js';
import { Organisation } from '../organisations/entities/organisation.entity.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';
import { CaseStates, openCase } from './case-states.js';
import type { CreateInstructorDto, InstructorView, ListInstructorsQuery, UpdateInstructorDto } from './dto/instructor.dto.js';
import { Instructor } from './entities/instructor.entity.js';

const INSTRUCTOR = { zh: '指导员', en: 'Instructor' };
export const instructorNotFound = (id: string) => new NotFound(INSTRUCTOR, id);

/** The registry of bargaining instructors (集体协商专职指导员): who, appointed by which federation, serving where, until when. */
@Injectable()
export class InstructorsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseStates) private readonly states: CaseStates,
  ) {}

  today(): string {
    return DeadlineCalendar.chinaDate(this.clock.now());
  }

  /** Active, and today within the appointment: may be assigned to cases. */
  serving(i: Pick<Instructor, 'active' | 'appointedOn' | 'appointmentEndsOn'>, today = this.today()): boolean {
    return i.active && i.appointedOn <= today && (i.appointmentEndsOn === null || today <= i.appointmentEndsOn);
  }

  /**
   * The instructor for `action`, or 404: outside the actor's jurisdiction it does not exist for them, and an
   * instructor's own account sees only its own record. 403 inside the jurisdiction when the role may not act.
   */
  async get(actor: Actor, id: string, action: Action): Promise<Instructor> {
    const i = await this.dataSource.getRepository(Instructor).findOneBy({ id });
    if (!i) throw instructorNotFound(id);
    this.assertVisible(actor, i, action);
    return i;
  }

  assertVisible(actor: Actor, i: Instructor, action: Action): void {
    this.access.assert(actor, action, { regionCode: i.regionCode }, () => instructorNotFound(i.id));
    if (actor.role === 'instructor' && i.userId !== actor.userId) throw instructorNotFound(i.id);
  }

  /** The region given as a filter: 400 unless it exists, 404 outside the jurisdiction (as the records in it). */
  checkRegionFilter(actor: Actor, field: string, code: string | undefined): string {
    const region = code ?? actor.regionCode;
    if (!this.regions.get(region)) throw new ValidationFailed([fieldViolation(field, 'exists', `行政区划 ${region} 不存在`, `region ${region} does not exist`)]);
    this.access.assert(actor, 'instructor.read', { regionCode: region });
    return region;
  }

  async list(actor: Actor, query: ListInstructorsQuery): Promise<Page<InstructorView>> {
    this.access.assert(actor, 'instructor.read');
    const region = this.checkRegionFilter(actor, 'region', query.region);
    const { page, pageSize, skip, take } = pageArgs(query);
    const qb = this.dataSource
      .getRepository(Instructor)
      .createQueryBuilder('i')
      .innerJoin('i.region', 'r')
      .where('r.path LIKE :path', { path: `${this.regions.subtreePath(region)}%` });
    if (actor.role === 'instructor') qb.andWhere('i.user_id = :me', { me: actor.userId });
    if (query.active !== undefined) qb.andWhere('i.active = :active', { active: query.active });
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(i.name ILIKE :q OR i.qualifications::text ILIKE :q)', { q: like });
    }
    qb.orderBy('r.path', 'ASC').addOrderBy('i.name', 'ASC').addOrderBy('i.id', 'ASC').offset(skip).limit(take);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.views(rows), total, page, pageSize };
  }

  async view(actor: Actor, id: string): Promise<InstructorView> {
    return (await this.views([await this.get(actor, id, 'instructor.read')]))[0];
  }

  async create(actor: Actor, dto: CreateInstructorDto): Promise<InstructorView> {
    this.access.assert(actor, 'instructor.manage');
    const problems: FieldViolation[] = [];
    const orgId = dto.organisationId ?? actor.organisationId;
    const org = await this.dataSource.getRepository(Organisation).findOneBy({ id: orgId });
    let federation: Organisation | undefined;
    if (!org) problems.push(fieldViolation('organisationId', 'exists', `组织 ${orgId} 不存在`, `organisation ${orgId} does not exist`));
    else if (!this.access.inJurisdiction(actor, org.regionCode)) {
      problems.push(fieldViolation('organisationId', 'inJurisdiction', `${org.name}不在您的管辖范围内`, `${org.name} is outside your jurisdiction`));
    } else if (org.kind !== 'union' || org.unionLevel !== 'federation') {
      problems.push(fieldViolation('organisationId', 'federation', `${org.name}不是总工会：专职指导员由市（州）、县（市、区）总工会聘任`, `${org.name} is not a federation of trade unions: instructors are appointed by city or county federations`));
    } else federation = org;

    const regionCode = dto.regionCode ?? federation?.regionCode;
    if (regionCode !== undefined) problems.push(...this.regionProblems(actor, regionCode, federation));
    problems.push(...this.periodProblems(dto.appointedOn, dto.appointmentEndsOn ?? null));
    if (dto.userId && regionCode && this.regions.get(regionCode)) problems.push(...(await this.userProblems(actor, dto.userId, regionCode, null)));
    if (problems.length) throw new ValidationFailed(problems);

    const id = randomUUID();
    await this.dataSource.getRepository(Instructor).insert({
      id,
      name: dto.name,
      userId: dto.userId ?? null,
      organisationId: federation!.id,
      regionCode: regionCode!,
      qualifications: dto.qualifications,
      appointedOn: dto.appointedOn,
      appointmentEndsOn: dto.appointmentEndsOn ?? null,
      active: true,
    });
    return this.view(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateInstructorDto): Promise<InstructorView> {
    const i = await this.get(actor, id, 'instructor.manage');
    const today = this.today();
    let endsOn = dto.appointmentEndsOn === undefined ? i.appointmentEndsOn : dto.appointmentEndsOn;
    // 解聘: the appointment ends today (unless it ends earlier, or the caller names the day, or it has not begun).
    if (dto.active === false && i.active && dto.appointmentEndsOn === undefined && i.appointedOn <= today && (endsOn === null || endsOn > today)) endsOn = today;
    const problems = this.periodProblems(i.appointedOn, endsOn);
    if (dto.userId) problems.push(...(await this.userProblems(actor, dto.userId, i.regionCode, i.id)));
    if (problems.length) throw new ValidationFailed(problems);
    await this.dataSource.getRepository(Instructor).update(
      { id },
      {
        name: dto.name ?? i.name,
        qualifications: dto.qualifications ?? i.qualifications,
        appointmentEndsOn: endsOn,
        active: dto.active ?? i.active,
        userId: dto.userId === undefined ? i.userId : dto.userId,
      },
    );
    return this.view(actor, id);
  }

  private regionProblems(actor: Actor, regionCode: string, federation: Organisation | undefined): FieldViolation[] {
    const region = this.regions.get(regionCode);
    if (!region) return [fieldViolation('regionCode', 'exists', `行政区划 ${regionCode} 不存在`, `region ${regionCode} does not exist`)];
    if (!this.access.inJurisdiction(actor, regionCode)) {
      return [fieldViolation('regionCode', 'inJurisdiction', `${region.name}（${regionCode}）不在您的管辖范围内`, `${region.name} (${regionCode}) is outside your jurisdiction`)];
    }
    if (federation && !this.regions.isWithin(regionCode, federation.regionCode)) {
      return [fieldViolation('regionCode', 'withinOrganisation', `服务地区${region.name}不在${federation.name}的辖区内`, `the region served, ${region.name}, is outside the area of ${federation.name}`)];
    }
    return [];
  }

  private periodProblems(appointedOn: string, endsOn: string | null): FieldViolation[] {
    return endsOn !== null && endsOn < appointedOn
      ? [fieldViolation('appointmentEndsOn', 'notBeforeStart', `聘期届满日 ${endsOn} 早于聘任日期 ${appointedOn}`, `appointmentEndsOn ${endsOn} is before appointedOn ${appointedOn}`)]
      : [];
  }

  /** The account to link: an instructor's, whose jurisdiction lies in the region served, not linked to another record. */
  private async userProblems(actor: Actor, userId: string, regionCode: string, self: string | null): Promise<FieldViolation[]> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user || !this.access.inJurisdiction(actor, user.regionCode)) return [fieldViolation('userId', 'exists', `用户 ${userId} 不存在`, `user ${userId} does not exist`)];
    if (user.role !== 'instructor') return [fieldViolation('userId', 'role', `用户 ${user.username} 的角色是 ${user.role}，不是指导员（instructor）`, `user ${user.username} has role ${user.role}, not instructor`)];
    if (!this.regions.isWithin(user.regionCode, regionCode)) {
      return [fieldViolation('userId', 'inRegion', `用户 ${user.username} 的管辖范围（${user.regionCode}）不在服务地区 ${regionCode} 内`, `user ${user.username}’s jurisdiction (${user.regionCode}) is outside the region served, ${regionCode}`)];
    }
    const other = await this.dataSource.getRepository(Instructor).findOneBy({ userId });
    if (other && other.id !== self) return [fieldViolation('userId', 'unique', `用户 ${user.username} 已关联指导员 ${other.name}`, `user ${user.username} is already linked to instructor ${other.name}`)];
    return [];
  }

  /** Open cases assigned now, per instructor: one query for all of them. */
  async loads(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows: { instructor_id: string; n: number }[] = await this.dataSource.query(
      `SELECT ci.instructor_id, count(*)::int AS n FROM case_instructors ci JOIN cases c ON c.id = ci.case_id
        WHERE ci.instructor_id = ANY($1) AND ci.unassigned_at IS NULL AND ${openCase('$2')} GROUP BY 1`,
      [ids, this.states.closedKeys()],
    );
    return new Map(rows.map((r) => [r.instructor_id, r.n]));
  }

  /** Views of the rows, with their federations, accounts and loads in three queries whatever their number. */
  async views(rows: Instructor[], knownLoads?: Map<string, number>): Promise<InstructorView[]> {
    if (!rows.length) return [];
    const userIds = rows.map((r) => r.userId).filter((x): x is string => !!x);
    const [orgs, users, loads] = await Promise.all([
      this.dataSource.getRepository(Organisation).findBy({ id: In([...new Set(rows.map((r) => r.organisationId))]) }),
      userIds.length ? this.dataSource.getRepository(User).findBy({ id: In(userIds) }) : Promise.resolve([] as User[]),
      knownLoads ?? this.loads(rows.map((r) => r.id)),
    ]);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const user = new Map(users.map((u) => [u.id, u]));
    const today = this.today();
    return rows.map((i) => {
      const u = i.userId ? user.get(i.userId) : undefined;
      return {
        id: i.id,
        name: i.name,
        organisation: { id: i.organisationId, name: orgName.get(i.organisationId) ?? '' },
        regionCode: i.regionCode,
        regionName: this.regions.get(i.regionCode)?.name ?? i.regionCode,
        qualifications: i.qualifications,
        appointedOn: i.appointedOn,
        appointmentEndsOn: i.appointmentEndsOn,
        active: i.active,
        serving: this.serving(i, today),
        user: u ? { id: u.id, username: u.username, displayName: u.displayName } : null,
        load: loads.get(i.id) ?? 0,
        createdAt: i.createdAt,
        updatedAt: i.updatedAt,
      };
    });
  }
}
