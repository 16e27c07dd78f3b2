import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { CaseAccess } from '../bargaining/workspace/case-access.js';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { Clock } from '../common/clock.js';
import { Conflict, fieldViolation, NotFound, ValidationFailed, type FieldViolation } from '../common/errors/domain-error.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { sqlOn, type LoadedCase } from '../workflow-engine/case-store.js';
import { CaseNotFound } from '../workflow-engine/engine-errors.js';
import { CaseStates } from './case-states.js';
import type { AssignInstructorDto, CaseInstructorView, SuggestionView } from './dto/instructor.dto.js';
import { CaseInstructor } from './entities/case-instructor.entity.js';
import { Instructor } from './entities/instructor.entity.js';
import { InstructorsService } from './instructors.service.js';

/** A rule of assignment that the instructor or the case does not meet now: 409 naming each. */
function ruleConflict(problems: FieldViolation[]): Conflict {
  return new Conflict({ zh: problems.map((p) => p.message_zh).join('；'), en: problems.map((p) => p.message_en).join('; ') }, { errors: problems });
}

const zhCollator = new Intl.Collator('zh-CN');

/** Which instructors guide a case: assigned by a federation (by hand, with suggestions by region and load). */
@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
    @Inject(CaseStates) private readonly states: CaseStates,
    @Inject(InstructorsService) private readonly instructors: InstructorsService,
  ) {}

  /** Whoever may read the case sees who guides it. */
  async list(actor: Actor, caseId: string): Promise<CaseInstructorView[]> {
    await this.cases.load(actor, caseId);
    return this.viewsOf(caseId);
  }

  /** The case for an assigner: 404 unless visible (and in the jurisdiction), 403 for roles that may not assign. */
  private async caseFor(actor: Actor, caseId: string): Promise<LoadedCase> {
    const c = await this.cases.load(actor, caseId);
    this.access.assert(actor, 'instructor.assign', { regionCode: c.regionCode }, () => new CaseNotFound(caseId));
    return c;
  }

  /** Assigns (idempotent: an existing assignment is answered as it is, `created: false`); `replaces` is unassigned in the same step. */
  async assign(actor: Actor, caseId: string, instructorId: string, dto: AssignInstructorDto): Promise<{ created: boolean; view: CaseInstructorView }> {
    const c = await this.caseFor(actor, caseId);
    const instructor = await this.instructors.get(actor, instructorId, 'instructor.assign');
    const assigned = await this.dataSource.getRepository(CaseInstructor).findBy({ caseId, unassignedAt: IsNull() });
    if (dto.replaces !== undefined) {
      if (dto.replaces === instructorId) throw new ValidationFailed([fieldViolation('replaces', 'different', '改派须指定另一名指导员', 'replaces must name another instructor')]);
      if (!assigned.some((a) => a.instructorId === dto.replaces)) {
        throw new ValidationFailed([fieldViolation('replaces', 'assigned', `指导员 ${dto.replaces} 未指派到该案件`, `instructor ${dto.replaces} is not assigned to this case`)]);
      }
    }
    if (assigned.some((a) => a.instructorId === instructorId) && dto.replaces === undefined) {
      return { created: false, view: (await this.viewsOf(caseId)).find((v) => v.instructor.id === instructorId)! };
    }
    const problems = this.ruleProblems(c, instructor);
    if (problems.length) throw ruleConflict(problems);
    const created = await this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      if (dto.replaces) await m.query('UPDATE case_instructors SET unassigned_at = $3 WHERE case_id = $1 AND instructor_id = $2 AND unassigned_at IS NULL', [caseId, dto.replaces, now]);
      // assigned_at from the service clock: the assessment compares it with the events' times, which come from the same clock.
      // An instructor assigned again after an unassignment takes the row up again from now.
      const rows: unknown[] = await m.query(
        `INSERT INTO case_instructors AS ci (case_id, instructor_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, instructor_id) DO UPDATE SET assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at, unassigned_at = NULL
         WHERE ci.unassigned_at IS NOT NULL RETURNING case_id`,
        [caseId, instructorId, actor.userId, now],
      );
      return rows.length > 0;
    });
    return { created, view: (await this.viewsOf(caseId)).find((v) => v.instructor.id === instructorId)! };
  }

  async unassign(actor: Actor, caseId: string, instructorId: string): Promise<void> {
    await this.caseFor(actor, caseId);
    await this.instructors.get(actor, instructorId, 'instructor.assign');
    // The row stays with its end: the year's assessment counts the guidance given until then.
    const rows: unknown[] = await sqlOn(this.dataSource).rows('UPDATE case_instructors SET unassigned_at = $3 WHERE case_id = $1 AND instructor_id = $2 AND unassigned_at IS NULL RETURNING case_id', [caseId, instructorId, this.clock.now()]);
    if (!rows.length) throw new NotFound({ zh: '该案件的指导员', en: 'Instructor of this case' }, instructorId);
  }

  /** The rules an assignment must meet (all reported at once). */
  private ruleProblems(c: LoadedCase, i: Instructor): FieldViolation[] {
    const problems: FieldViolation[] = [];
    const today = this.instructors.today();
    if (this.states.isFinal(c.workflowId, c.workflowVersion, c.status)) {
      problems.push(fieldViolation('caseId', 'caseOpen', `案件已结束（${c.status}），不能再指派指导员`, `the case has ended (${c.status}); no instructor can be assigned`));
    }
    if (!i.active) problems.push(fieldViolation('instructorId', 'active', `指导员${i.name}已解聘`, `instructor ${i.name}’s appointment has been ended`));
    else if (i.appointedOn > today || (i.appointmentEndsOn !== null && today > i.appointmentEndsOn)) {
      const period = `${i.appointedOn}–${i.appointmentEndsOn ?? ''}`;
      problems.push(fieldViolation('instructorId', 'appointed', `指导员${i.name}今天（${today}）不在聘期内（${period}）`, `instructor ${i.name} is not appointed today (${today}; appointment ${period})`));
    }
    if (!this.regions.isWithin(c.regionCode, i.regionCode)) {
      const served = this.regions.get(i.regionCode)?.name ?? i.regionCode;
      const at = this.regions.get(c.regionCode)?.name ?? c.regionCode;
      problems.push(fieldViolation('instructorId', 'servesRegion', `指导员${i.name}的服务地区${served}不包括案件所在地${at}`, `instructor ${i.name} serves ${served}, which does not hold the case’s region ${at}`));
    }
    return problems;
  }

  /**
   * Instructors the actor may assign to the case: serving today, in a region that holds the case's, not yet on it;
   * the narrowest region first (the county's own before the city's), then the fewest open cases, then by name.
   */
  async suggestions(actor: Actor, caseId: string): Promise<SuggestionView[]> {
    const c = await this.caseFor(actor, caseId);
    const casePath = this.regions.subtreePath(c.regionCode);
    const today = this.instructors.today();
    const rows = await this.dataSource
      .getRepository(Instructor)
      .createQueryBuilder('i')
      .innerJoin('i.region', 'r')
      .where('i.active')
      .andWhere('i.appointed_on <= :today AND (i.appointment_ends_on IS NULL OR i.appointment_ends_on >= :today)', { today })
      .andWhere(":casePath LIKE r.path || '%'", { casePath })
      .andWhere('r.path LIKE :scope', { scope: `${this.access.subtreePath(actor)}%` })
      .andWhere('NOT EXISTS (SELECT 1 FROM case_instructors ci WHERE ci.case_id = :caseId AND ci.instructor_id = i.id AND ci.unassigned_at IS NULL)', { caseId })
      .getMany();
    const loads = await this.instructors.loads(rows.map((r) => r.id));
    const depth = (i: Instructor) => this.regions.subtreePath(i.regionCode).length;
    const load = (i: Instructor) => loads.get(i.id) ?? 0;
    rows.sort((a, b) => depth(b) - depth(a) || load(a) - load(b) || zhCollator.compare(a.name, b.name) || a.id.localeCompare(b.id));
    const views = await this.instructors.views(rows, loads);
    const at = this.regions.get(c.regionCode)?.name ?? c.regionCode;
    return views.map((v) => {
      const same = v.regionCode === c.regionCode;
      return {
        instructor: v,
        load: v.load,
        reason: {
          zh: `${same ? `服务地区即案件所在地${at}` : `服务地区${v.regionName}包括案件所在地${at}`}；在办案件 ${v.load} 件`,
          en: `${same ? `serves ${at}, the case’s own region` : `serves ${v.regionName}, which holds the case’s region ${at}`}; ${v.load} open case${v.load === 1 ? '' : 's'}`,
        },
      };
    });
  }

  private async viewsOf(caseId: string): Promise<CaseInstructorView[]> {
    const rows = await this.dataSource.getRepository(CaseInstructor).find({ where: { caseId, unassignedAt: IsNull() }, relations: { instructor: true }, order: { assignedAt: 'ASC' } });
    const views = await this.instructors.views(rows.map((r) => r.instructor!));
    return rows.map((r, k) => ({ caseId, instructor: views[k], assignedBy: r.assignedBy, assignedAt: r.assignedAt }));
  }
}
