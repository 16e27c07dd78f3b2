import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { Conflict, Forbidden } from '../../common/errors/domain-error.js';
import { isAssignedInstructor, readCase, sqlOn, type LoadedCase } from '../../workflow-engine/case-store.js';
import { CaseNotFound } from '../../workflow-engine/engine-errors.js';
import { sideOf, type CaseContext, type Side } from '../../workflow-engine/machine/case-context.js';
import type { Representative } from '../../workflow-engine/payloads/event-payloads.js';

export const SIDE_ZH: Record<Side, string> = { employee: '职工方', employer: '用人单位方' };

/** The workspace's view of a case: who may see it, which side the caller speaks for, who the chiefs are. */
@Injectable()
export class CaseAccess {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
  ) {}

  /** The case, or 404 when the caller may not see it (a party to another case, another jurisdiction). */
  async load(actor: Actor, caseId: string, manager?: EntityManager): Promise<LoadedCase> {
    const sql = sqlOn(this.dataSource, manager);
    const loaded = await readCase(sql, caseId);
    if (!loaded) throw new CaseNotFound(caseId);
    const instructorAssigned = actor.role === 'instructor' ? await isAssignedInstructor(sql, caseId, actor.userId) : undefined;
    this.access.assertCaseVisible(actor, { ...loaded, instructorAssigned }, () => new CaseNotFound(caseId));
    return loaded;
  }

  /** Locks the case row for a workspace change that must not interleave with its events. */
  async lock(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
  }

  /** The bargaining side the caller acts for; 403 for roles that are not a party (bureau, federation, instructor). */
  partySide(actor: Actor, what: { zh: string; en: string }): Side {
    const side = actor.role === 'union' || actor.role === 'employer' ? sideOf(actor.role) : undefined;
    if (!side) throw new Forbidden({ zh: `只有协商双方可以${what.zh}；角色 ${actor.role} 不能`, en: `only the bargaining parties may ${what.en}; role ${actor.role} may not` });
    return side;
  }

  static context(c: LoadedCase): CaseContext {
    return c.snapshot.context as unknown as CaseContext;
  }

  static chief(c: LoadedCase, side: Side): Representative | undefined {
    return CaseAccess.context(c).representatives[side].find((m) => m.chief);
  }

  /** The chief of the caller's side, acting from the account linked to the chief's seat (403 otherwise, 409 when none is linked). */
  assertChief(actor: Actor, c: LoadedCase, what: { zh: string; en: string }): { side: Side; chief: Representative } {
    const side = this.partySide(actor, what);
    const chief = CaseAccess.chief(c, side);
    if (!chief) throw new Conflict({ zh: `${SIDE_ZH[side]}尚无首席代表，不能${what.zh}`, en: `the ${side} side has no chief representative yet; cannot ${what.en}` });
    if (!chief.userId) {
      throw new Conflict({ zh: `${SIDE_ZH[side]}首席代表 ${chief.name} 未关联账号：请在代表名单中填写其 userId`, en: `the ${side} chief ${chief.name} has no linked account: set userId in the representatives list` });
    }
    if (chief.userId !== actor.userId) {
      throw new Forbidden({ zh: `只有${SIDE_ZH[side]}首席代表 ${chief.name} 本人的账号可以${what.zh}`, en: `only the ${side} chief ${chief.name}, from their own account, may ${what.en}` });
    }
    return { side, chief };
  }

  /** 409 unless the case is in one of the states. */
  static assertState(c: LoadedCase, states: string[], what: { zh: string; en: string }): void {
    if (!states.includes(c.status)) {
      throw new Conflict({ zh: `案件处于 ${c.status} 阶段，不能${what.zh}（须在 ${states.join('、')}）`, en: `the case is in ${c.status}; cannot ${what.en} (allowed in ${states.join(', ')})` }, { state: c.status });
    }
  }
}
