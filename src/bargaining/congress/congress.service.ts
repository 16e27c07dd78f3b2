import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { CaseWorkflowService } from '../../workflow-engine/case-workflow.service.js';
import type { LoadedCase } from '../../workflow-engine/case-store.js';
import { CaseEventRecord } from '../../workflow-engine/entities/case-event.entity.js';
import { congressRule } from '../../workflow-engine/machine/procedure-rules.js';
import type { CongressVoted } from '../../workflow-engine/payloads/event-payloads.js';
import { CaseAccess } from '../workspace/case-access.js';

export interface CongressVote {
  seq: number;
  occurredOn: string;
  body: 'congress' | 'all_employees';
  roster: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  /** Art 36: at least 2/3 of the roster present, and yes from more than half of the whole roster. */
  quorum: { required: number; met: boolean };
  majority: { required: number; met: boolean };
  passed: boolean;
  reasons: { zh: string; en: string }[];
  objections: string[];
  /** The draft version voted on (recorded with the vote). */
  draftVersion: number | null;
}

export interface CongressView {
  caseId: string;
  votes: CongressVote[];
  /** The data of the resolution (决议) for its document: the last vote that passed. */
  resolution: (CongressVote & { caseTitle: string; unionName: string; employerName: string | null; enterprises: { name: string; employees: number }[] }) | null;
}

@Injectable()
export class CongressService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
  ) {}

  async view(actor: Actor, caseId: string): Promise<CongressView> {
    return this.toView(await this.cases.load(actor, caseId));
  }

  /** Records the vote (CONGRESS_VOTED): passed → awaiting signature; rejected → back to negotiation with the reasons. */
  async vote(actor: Actor, caseId: string, dto: CongressVoted): Promise<CongressView> {
    const { caseRow } = await this.engine.send(caseId, 'CONGRESS_VOTED', dto, actor);
    return this.toView(caseRow);
  }

  private async toView(c: LoadedCase): Promise<CongressView> {
    const params = this.engine.workflowOf(c).definition.parameters;
    const events = await this.dataSource.getRepository(CaseEventRecord).find({ where: { caseId: c.id, type: 'CONGRESS_VOTED' }, order: { seq: 'ASC' } });
    const votes = events.map((e): CongressVote => {
      const p = e.payload as unknown as CongressVoted;
      const reasons = congressRule(CaseAccess.context(c), { type: e.type, payload: e.payload as never, actor: { role: 'union' } }, params);
      const quorum = Math.ceil((p.roster * params.congressQuorumNumerator) / params.congressQuorumDenominator);
      return {
        seq: e.seq,
        occurredOn: e.occurredOn,
        body: p.body,
        roster: p.roster,
        present: p.present,
        yes: p.yes,
        no: p.no,
        abstain: p.abstain,
        quorum: { required: quorum, met: p.present >= quorum },
        majority: { required: Math.floor(p.roster / 2) + 1, met: p.yes * 2 > p.roster },
        passed: reasons.length === 0,
        reasons: reasons.map((r) => ({ zh: `${r.message_zh}（${r.article}）`, en: `${r.message_en} (${r.article})` })),
        objections: p.objections ?? [],
        draftVersion: (e.payload as { draftVersion?: number }).draftVersion ?? null,
      };
    });
    // The resolution is the last vote's, when it adopted the draft (a later rejection supersedes an earlier adoption).
    const passed = votes.at(-1)?.passed ? votes.at(-1) : undefined;
    return {
      caseId: c.id,
      votes,
      resolution: passed
        ? { ...passed, caseTitle: c.title, unionName: c.unionName, employerName: c.employerName, enterprises: c.enterprises.map(({ name, employees }) => ({ name, employees })) }
        : null,
    };
  }
}
