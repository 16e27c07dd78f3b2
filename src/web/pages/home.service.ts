import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { User } from '../../accounts/entities/user.entity.js';
import { CasesService } from '../../bargaining/cases.service.js';
import type { CaseView, ListCasesQuery } from '../../bargaining/dto/case.dto.js';
import type { Actor } from '../../common/auth/actor.js';
import { CaseWorkflowService } from '../../workflow-engine/case-workflow.service.js';
import type { Bilingual } from '../../common/errors/domain-error.js';

/** One row of "what waits on me". */
export interface WaitingCase {
  id: string;
  title: string;
  stateLabel: Bilingual;
  actions: Bilingual[];
  nextDeadline: { label: Bilingual; dueOn: string; daysRemaining: number } | null;
  overdue: boolean;
}

export interface WaitingGroup {
  /** Dictionary key of the group's heading. */
  heading: 'groupAwaitingAnswer' | 'groupUnderReview' | 'groupOther' | 'groupAll';
  cases: WaitingCase[];
}

/** How many cases the home page reads: those with the nearest deadlines (GET /api/cases?sort=deadline). */
export const HOME_CASES = 100;

const ANSWERS = new Set(['RESPONSE_AGREED', 'RESPONSE_REFUSED']);

/**
 * The home page's list: the caller's cases as GET /api/cases scopes them (parties their own, instructors
 * their assigned ones, authorities their region), each with the events the caller may send now and its
 * nearest deadline; nearest deadline first, cases without one last. An employer sees the offers awaiting
 * its answer first, a bureau the filings under review.
 */
@Injectable()
export class HomeService {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  async displayName(actor: Actor): Promise<string> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: actor.userId }, select: { id: true, displayName: true } });
    return user?.displayName ?? actor.username;
  }

  /** Today in China, by the service's clock (the date fields' default). */
  today(): string {
    return this.engine.today();
  }

  async waiting(actor: Actor): Promise<WaitingGroup[]> {
    const page = await this.cases.list(actor, { page: 1, pageSize: HOME_CASES, sort: 'deadline' } as ListCasesQuery);
    // One read per case (the view the API gives, with its allowed events and deadlines); bounded by HOME_CASES.
    const views = await Promise.all(page.items.map((c) => this.cases.view(actor, c.id)));
    const rows = views.map((v) => ({ view: v, row: toRow(v) })).sort((a, b) => byDeadline(a.row, b.row));
    const first =
      actor.role === 'employer'
        ? { heading: 'groupAwaitingAnswer' as const, test: (v: CaseView) => v.allowedEvents.some((e) => ANSWERS.has(e.type)) }
        : actor.role === 'bureau'
          ? { heading: 'groupUnderReview' as const, test: (v: CaseView) => v.state === 'under_review' }
          : undefined;
    if (!first) return [{ heading: 'groupAll', cases: rows.map((r) => r.row) }];
    return [
      { heading: first.heading, cases: rows.filter((r) => first.test(r.view)).map((r) => r.row) },
      { heading: 'groupOther', cases: rows.filter((r) => !first.test(r.view)).map((r) => r.row) },
    ];
  }
}

function toRow(v: CaseView): WaitingCase {
  const next = [...v.deadlines].sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  return {
    id: v.id,
    title: v.title,
    stateLabel: v.stateLabel,
    actions: v.allowedEvents.map((e) => e.label),
    nextDeadline: next ? { label: next.label, dueOn: next.dueOn, daysRemaining: next.daysRemaining } : null,
    overdue: v.overdue || v.deadlines.some((d) => d.daysRemaining < 0),
  };
}

function byDeadline(a: WaitingCase, b: WaitingCase): number {
  if (a.nextDeadline && b.nextDeadline) return a.nextDeadline.dueOn.localeCompare(b.nextDeadline.dueOn) || a.title.localeCompare(b.title);
  if (a.nextDeadline) return -1;
  if (b.nextDeadline) return 1;
  return a.title.localeCompare(b.title);
}
