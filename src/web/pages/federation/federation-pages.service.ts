import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../../../accounts/entities/user.entity.js';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { CaseView, ListCasesQuery } from '../../../bargaining/dto/case.dto.js';
import { CampaignsService } from '../../../campaigns/campaigns.service.js';
import { AccessPolicy } from '../../../common/access/access-policy.js';
import type { Actor } from '../../../common/auth/actor.js';
import { Forbidden, type Bilingual } from '../../../common/errors/domain-error.js';
import { CaseStates, openCase } from '../../../instructors/case-states.js';
import { RegionDirectory } from '../../../organisations/region-directory.js';

/** How many assigned cases the board reads (an instructor's load is a few dozen at most). */
export const BOARD_CASES = 100;
/** How many open cases without an instructor the instructors' page lists. */
export const UNASSIGNED_CASES = 50;

export interface BoardCard {
  id: string;
  title: string;
  enterprise: string;
  kind: string;
  /** The dictionary key of the kind's label. */
  kindKey: string;
  nextDeadline: { label: Bilingual; dueOn: string; daysRemaining: number } | null;
  overdue: boolean;
}

export interface BoardColumn {
  state: string;
  label: Bilingual;
  cards: BoardCard[];
}

export interface UnassignedCase {
  id: string;
  title: string;
  stateLabel: Bilingual;
  regionName: string;
  nextDueOn: string | null;
  overdue: boolean;
}

/** 403 unless the actor's role is one of these (the pages of another role's work). */
export function requireRole(actor: Actor, roles: Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new Forbidden({ zh: `本页面供${roles.map((r) => ROLE_ZH[r]).join('、')}使用`, en: `this page is for the ${roles.join(', ')} role${roles.length > 1 ? 's' : ''}` });
  }
}

const ROLE_ZH: Record<Role, string> = { union: '工会', employer: '企业', instructor: '指导员', bureau: '人社部门', federation: '总工会', admin: '管理员' };

/** What the federation area's pages read beyond the domain services' own views. */
@Injectable()
export class FederationPagesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
    @Inject(CaseStates) private readonly states: CaseStates,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
  ) {}

  /**
   * The instructor's board: the cases assigned to them (GET /api/cases scopes an instructor to those), one
   * column per state in the procedure's order (the order of the states in the workflow file).
   */
  async board(actor: Actor): Promise<{ columns: BoardColumn[]; total: number; overdue: number }> {
    const page = await this.cases.list(actor, { page: 1, pageSize: BOARD_CASES } as ListCasesQuery);
    const views = await Promise.all(page.items.map((c) => this.cases.view(actor, c.id)));
    const columns = new Map<string, BoardColumn & { order: number }>();
    for (const v of views) {
      const order = this.states.order(v.workflow.id, v.workflow.version, v.state);
      const column = columns.get(v.state) ?? { state: v.state, label: v.stateLabel, cards: [], order };
      column.order = Math.min(column.order, order);
      column.cards.push(card(v));
      columns.set(v.state, column);
    }
    const sorted = [...columns.values()].sort((a, b) => a.order - b.order || a.state.localeCompare(b.state));
    for (const c of sorted) c.cards.sort(byDeadline);
    return { columns: sorted.map(({ order: _o, ...c }) => c), total: views.length, overdue: views.filter((v) => card(v).overdue).length };
  }

  /** Open cases of the actor's jurisdiction that no instructor guides now: nearest deadline first. */
  async unassigned(actor: Actor, now: Date): Promise<UnassignedCase[]> {
    const rows: { id: string; title: string; status: string; workflow_id: string; workflow_version: number; region_code: string; next_due: string | null; overdue: boolean }[] = await this.dataSource.query(
      `SELECT c.id, c.title, c.status, c.workflow_id, c.workflow_version, c.region_code,
              (SELECT min(d.due_on)::text FROM case_deadlines d WHERE d.case_id = c.id) AS next_due,
              (c.overdue OR EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.marks_overdue AND d.due_at <= $3)) AS overdue
         FROM cases c JOIN regions r ON r.code = c.region_code
        WHERE r.path LIKE $1 AND ${openCase('$2')}
          AND NOT EXISTS (SELECT 1 FROM case_instructors ci WHERE ci.case_id = c.id AND ci.unassigned_at IS NULL)
        ORDER BY 8 DESC, 7 ASC NULLS LAST, c.created_at, c.id
        LIMIT ${UNASSIGNED_CASES}`,
      [`${this.access.subtreePath(actor)}%`, this.states.closedKeys(), now],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      stateLabel: this.states.label(r.workflow_id, r.workflow_version, r.status),
      regionName: this.regions.get(r.region_code)?.name ?? r.region_code,
      nextDueOn: r.next_due,
      overdue: r.overdue,
    }));
  }

  /** The campaigns the actor may pick (those reaching their region; the one asked for, if it is one of them, else the newest). */
  async campaignChoice(actor: Actor, asked: unknown) {
    const all = await this.campaigns.list(actor);
    const chosen = all.find((c) => c.id === asked) ?? all[0];
    return { campaigns: all.map((c) => ({ id: c.id, name: c.name, startsOn: c.startsOn, endsOn: c.endsOn, selected: c.id === chosen?.id })), chosen };
  }
}

function card(v: CaseView): BoardCard {
  const next = [...v.deadlines].sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  const enterprise = v.employer?.name ?? v.enterprises.map((e) => e.name).join('、');
  return {
    id: v.id,
    title: v.title,
    enterprise: enterprise || v.union.name,
    kind: v.kind,
    kindKey: `fedKind_${v.kind}`,
    nextDeadline: next ? { label: next.label, dueOn: next.dueOn, daysRemaining: next.daysRemaining } : null,
    overdue: v.overdue || v.deadlines.some((d) => d.daysRemaining < 0),
  };
}

function byDeadline(a: BoardCard, b: BoardCard): number {
  if (a.nextDeadline && b.nextDeadline) return a.nextDeadline.dueOn.localeCompare(b.nextDeadline.dueOn) || a.title.localeCompare(b.title);
  if (a.nextDeadline) return -1;
  if (b.nextDeadline) return 1;
  return a.title.localeCompare(b.title);
}
