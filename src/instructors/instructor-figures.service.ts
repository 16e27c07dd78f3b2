import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { Clock } from '../common/clock.js';
import { fieldViolation, ValidationFailed } from '../common/errors/domain-error.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { overdueNow } from '../workflow-engine/case-store.js';
import { CaseStates, openCase } from './case-states.js';
import type { AssessmentFigures, AssessmentQuery, AssessmentView, StateCountView, WorkloadView } from './dto/instructor.dto.js';
import { Instructor } from './entities/instructor.entity.js';
import { InstructorsService } from './instructors.service.js';

interface WorkloadRow {
  id: string;
  title: string;
  status: string;
  workflow_id: string;
  workflow_version: number;
  region_code: string;
  overdue: boolean;
  next_due: string | null;
  assigned_at: Date;
}

interface AssessmentSqlRow {
  id: string;
  guided: number;
  signed: number;
  filed: number;
  overdue: number;
  load: number;
}

/** An instant as PostgreSQL reads it: 00:00 China time of the day. */
const chinaMidnight = (day: string) => `${day}T00:00:00+08:00`;

/** What an instructor has on hand now (workload) and did in a year (年度考核). */
@Injectable()
export class InstructorFiguresService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseStates) private readonly states: CaseStates,
    @Inject(InstructorsService) private readonly instructors: InstructorsService,
  ) {}

  /** The open cases assigned to the instructor, by state, overdue ones first. */
  async workload(actor: Actor, id: string): Promise<WorkloadView> {
    const instructor = await this.instructors.get(actor, id, 'instructor.read');
    const rows: WorkloadRow[] = await this.dataSource.query(
      `SELECT c.id, c.title, c.status, c.workflow_id, c.workflow_version, c.region_code, ${overdueNow('$3')} AS overdue,
              (SELECT min(d.due_on)::text FROM case_deadlines d WHERE d.case_id = c.id) AS next_due, ci.assigned_at
         FROM case_instructors ci JOIN cases c ON c.id = ci.case_id
        WHERE ci.instructor_id = $1 AND ci.unassigned_at IS NULL AND ${openCase('$2')}
        ORDER BY 7 DESC, 8 ASC NULLS LAST, ci.assigned_at, c.id`,
      [id, this.states.closedKeys(), this.clock.now()],
    );
    const [view] = await this.instructors.views([instructor], new Map([[id, rows.length]]));
    const byState = new Map<string, StateCountView & { order: number }>();
    for (const r of rows) {
      const s = byState.get(r.status);
      if (s) s.cases++;
      else byState.set(r.status, { state: r.status, label: this.states.label(r.workflow_id, r.workflow_version, r.status), cases: 1, order: this.states.order(r.workflow_id, r.workflow_version, r.status) });
    }
    return {
      instructor: view,
      open: rows.length,
      byState: [...byState.values()].sort((a, b) => a.order - b.order || a.state.localeCompare(b.state)).map(({ order: _o, ...s }) => s),
      overdue: rows.filter((r) => r.overdue).length,
      cases: rows.map((r) => ({
        id: r.id,
        title: r.title,
        state: r.status,
        stateLabel: this.states.label(r.workflow_id, r.workflow_version, r.status),
        regionCode: r.region_code,
        overdue: r.overdue,
        nextDueOn: r.next_due,
        assignedAt: r.assigned_at,
      })),
    };
  }

  /**
   * The year's figures of every instructor of the region whose appointment overlaps the year, in one query.
   * Only assignments made by the end of the year count; a case counts once per instructor who guides it.
   */
  async assessment(actor: Actor, query: AssessmentQuery): Promise<AssessmentView> {
    this.access.assert(actor, 'instructor.read');
    const today = this.instructors.today();
    const thisYear = Number(today.slice(0, 4));
    const year = query.year ?? thisYear;
    if (year > thisYear) throw new ValidationFailed([fieldViolation('year', 'notFuture', `考核年度 ${year} 尚未开始`, `year ${year} has not begun`)]);
    const region = this.instructors.checkRegionFilter(actor, 'region', query.region);
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const end = chinaMidnight(`${year + 1}-01-01`);
    const own = actor.role === 'instructor';
    // $1 scope, $2 from, $3 to, $4 end of year (instant), $5 closed states, $6 overdue events, $7 now, $8 this year? (the overdue flag
    // is today's: it counts for this year only), $9 start of the year (instant), $10 own user
    const params: unknown[] = [`${this.regions.subtreePath(region)}%`, from, to, end, this.states.closedKeys(), this.states.overdueEventTypes(), this.clock.now(), year === thisYear, chinaMidnight(from)];
    if (own) params.push(actor.userId);
    // The assignments in scope first; then the year's events of their cases that count (signed, filed, a period run
    // out while assigned), joined by case_id so that the planner reads the log by its key or hashes it, as it finds cheaper.
    const scope = `r.path LIKE $1 AND i.appointed_on <= $3::date AND (i.appointment_ends_on IS NULL OR i.appointment_ends_on >= $2::date)${own ? ' AND i.user_id = $10' : ''}`;
    const rows: AssessmentSqlRow[] = await this.dataSource.query(
      `WITH a AS (
            SELECT ci.instructor_id, ci.case_id, ci.assigned_at, ci.unassigned_at
              FROM instructors i JOIN regions r ON r.code = i.region_code JOIN case_instructors ci ON ci.instructor_id = i.id
             WHERE ${scope}),
          ev AS (
            SELECT a.instructor_id, a.case_id, bool_or(e.type = 'SIGNED') AS signed, bool_or(e.type = 'FILED') AS filed,
                   bool_or(e.type = ANY($6::text[]) AND e.recorded_at >= a.assigned_at) AS lapsed
              FROM a JOIN case_events e ON e.case_id = a.case_id
             WHERE e.occurred_on BETWEEN $2::date AND $3::date AND (e.type IN ('SIGNED', 'FILED') OR e.type = ANY($6::text[]))
               -- what happened while the instructor guided the case (until an unassignment)
               AND (a.unassigned_at IS NULL OR e.recorded_at < a.unassigned_at)
             GROUP BY 1, 2),
          x AS (
            SELECT a.instructor_id, a.assigned_at < $4 AND (a.unassigned_at IS NULL OR a.unassigned_at >= $9) AS by_end, a.unassigned_at IS NULL AS current, c.created_at, c.last_occurred_on, ${openCase('$5')} AS open, CASE WHEN $8 THEN ${overdueNow('$7')} ELSE false END AS overdue_now,
                   COALESCE(ev.signed, false) AS signed, COALESCE(ev.filed, false) AS filed, COALESCE(ev.lapsed, false) AS lapsed
              FROM a JOIN cases c ON c.id = a.case_id LEFT JOIN ev ON ev.instructor_id = a.instructor_id AND ev.case_id = a.case_id)
       SELECT i.id,
              count(x.instructor_id) FILTER (WHERE x.by_end AND x.created_at < $4 AND (x.last_occurred_on >= $2::date OR x.open))::int AS guided,
              count(x.instructor_id) FILTER (WHERE x.by_end AND x.signed)::int AS signed,
              count(x.instructor_id) FILTER (WHERE x.by_end AND x.filed)::int AS filed,
              count(x.instructor_id) FILTER (WHERE x.by_end AND (x.lapsed OR (x.current AND x.open AND x.overdue_now)))::int AS overdue,
              count(x.instructor_id) FILTER (WHERE x.current AND x.open)::int AS load
         FROM instructors i JOIN regions r ON r.code = i.region_code LEFT JOIN x ON x.instructor_id = i.id
        WHERE ${scope}
        GROUP BY i.id`,
      params,
    );
    const figures = new Map(rows.map((r) => [r.id, r]));
    const instructors = rows.length
      ? await this.dataSource
          .getRepository(Instructor)
          .createQueryBuilder('i')
          .innerJoin('i.region', 'r')
          .where('i.id = ANY(:ids)', { ids: rows.map((r) => r.id) })
          .orderBy('r.path', 'ASC')
          .addOrderBy('i.name', 'ASC')
          .addOrderBy('i.id', 'ASC')
          .getMany()
      : [];
    const views = await this.instructors.views(instructors, new Map(rows.map((r) => [r.id, r.load])));
    const items = views.map((v) => {
      const f = figures.get(v.id)!;
      return { instructor: v, casesGuided: f.guided, signed: f.signed, filed: f.filed, overdue: f.overdue, load: f.load };
    });
    const totals: AssessmentFigures = { casesGuided: 0, signed: 0, filed: 0, overdue: 0, load: 0 };
    for (const item of items) for (const k of Object.keys(totals) as (keyof AssessmentFigures)[]) totals[k] += item[k];
    return { year, regionCode: region, regionName: this.regions.get(region)?.name ?? region, items, totals };
  }
}
