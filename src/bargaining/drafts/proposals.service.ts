import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { Conflict, Forbidden, NotFound, ValidationFailed, fieldViolation } from '../../common/errors/domain-error.js';
import { applyChanges, checkChange, ProposalConflict } from '../contract/apply-proposals.js';
import { placeArticles, type PlacedArticle } from '../contract/contract-document.js';
import { CaseDraft } from '../entities/case-draft.entity.js';
import { canonicalJson } from '../../workflow-engine/event-log/event-chain.js';
import { CaseProposal } from '../entities/case-proposal.entity.js';
import { CaseSession } from '../entities/case-session.entity.js';
import { CaseAccess, SIDE_ZH } from '../workspace/case-access.js';
import { DraftsService } from './drafts.service.js';
import type { CreateProposalDto, ListProposalsQuery } from './drafts.dto.js';

const PROPOSE = { zh: '提出条款方案', en: 'table proposals' };
const AGREE = { zh: '同意对方方案', en: 'agree to a proposal' };

/** Proposals per article: one side proposes, the other counters or agrees (its chief, from their account); the proposer may withdraw. */
@Injectable()
export class ProposalsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, caseId: string, query: ListProposalsQuery): Promise<CaseProposal[]> {
    await this.cases.load(actor, caseId);
    return this.dataSource.getRepository(CaseProposal).find({
      where: { caseId, ...(query.article ? { articleKey: query.article } : {}), ...(query.status ? { status: query.status as CaseProposal['status'] } : {}) },
      order: { seq: 'ASC' },
    });
  }

  async create(actor: Actor, caseId: string, dto: CreateProposalDto): Promise<CaseProposal> {
    const side = this.cases.partySide(actor, PROPOSE);
    return this.dataSource.transaction(async (manager) => {
      await this.cases.lock(manager, caseId);
      const c = await this.cases.load(actor, caseId, manager);
      CaseAccess.assertState(c, ['negotiating'], PROPOSE);
      const session = await manager.getRepository(CaseSession).findOneBy({ caseId, sessionNo: dto.sessionNo });
      if (!session) throw new ValidationFailed([fieldViolation('sessionNo', 'exists', `第 ${dto.sessionNo} 次协商会议不存在`, `session ${dto.sessionNo} does not exist`)]);
      if (session.eventSeq !== null) throw new Conflict({ zh: `第 ${dto.sessionNo} 次会议的记录已由双方首席代表确认，不能再提出方案`, en: `the minutes of session ${dto.sessionNo} are signed; table the proposal in a later session` });
      const draft = await DraftsService.latest(manager, caseId);
      if (!draft) throw new Conflict({ zh: '尚无合同草案：请先起草（POST /drafts）', en: 'there is no draft yet: start one first (POST /drafts)' });
      const articleKey = dto.articleKey ?? (dto.action === 'add' ? `new-${randomUUID().slice(0, 8)}` : undefined);
      if (!articleKey) throw new ValidationFailed([fieldViolation('articleKey', 'required', '须指明条款', 'articleKey is required')]);
      try {
        checkChange(draft.content, { ...dto, articleKey });
      } catch (err) {
        if (err instanceof ProposalConflict) throw new ValidationFailed([fieldViolation(err.field, 'draft', err.zh, err.en)]);
        throw err;
      }
      if (dto.counterTo) await this.counter(manager, caseId, dto.counterTo, side, articleKey);
      const [{ next }] = await manager.query('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM case_proposals WHERE case_id = $1', [caseId]);
      const row: CaseProposal = {
        caseId,
        id: randomUUID(),
        seq: Number(next),
        sessionNo: dto.sessionNo,
        side,
        action: dto.action,
        articleKey,
        chapterNo: dto.chapterNo ?? null,
        afterKey: dto.afterKey ?? null,
        title: dto.title ?? null,
        text: dto.text ?? null,
        topics: dto.topics ?? null,
        terms: dto.terms ? { ...dto.terms } : null,
        reason: dto.reason ?? null,
        baseVersion: draft.version,
        counterTo: dto.counterTo ?? null,
        status: 'open',
        createdBy: actor.userId,
        createdAt: this.clock.now(),
        decidedBy: null,
        decidedAt: null,
        decisionRemark: null,
        appliedIn: null,
      };
      await manager.getRepository(CaseProposal).insert(row);
      return row;
    });
  }

  /** The other side's chief agrees; the agreed proposals go into the draft when both chiefs confirm the minutes. */
  async agree(actor: Actor, caseId: string, proposalId: string, remark?: string): Promise<CaseProposal> {
    return this.decide(actor, caseId, proposalId, 'agreed', remark);
  }

  async withdraw(actor: Actor, caseId: string, proposalId: string, remark?: string): Promise<CaseProposal> {
    return this.decide(actor, caseId, proposalId, 'withdrawn', remark);
  }

  private async decide(actor: Actor, caseId: string, proposalId: string, to: 'agreed' | 'withdrawn', remark?: string): Promise<CaseProposal> {
    return this.dataSource.transaction(async (manager) => {
      await this.cases.lock(manager, caseId);
      const c = await this.cases.load(actor, caseId, manager);
      const p = await manager.getRepository(CaseProposal).findOneBy({ caseId, id: proposalId });
      if (!p) throw new NotFound({ zh: '条款方案', en: 'Proposal' }, proposalId);
      CaseAccess.assertState(c, ['negotiating'], to === 'agreed' ? AGREE : { zh: '撤回方案', en: 'withdraw a proposal' });
      if (to === 'agreed') {
        const { side } = this.cases.assertChief(actor, c, AGREE);
        if (side === p.side) throw new Forbidden({ zh: `方案由${SIDE_ZH[side]}提出，须由对方首席代表同意`, en: `the proposal is the ${side} side's own; the other side's chief agrees to it` });
      } else if (this.cases.partySide(actor, { zh: '撤回方案', en: 'withdraw a proposal' }) !== p.side) {
        throw new Forbidden({ zh: '只有提出方可以撤回方案', en: 'only the side that tabled a proposal may withdraw it' });
      }
      if (p.status !== 'open') {
        throw new Conflict({ zh: `方案 #${p.seq} 已是“${p.status}”状态，不能再${to === 'agreed' ? '同意' : '撤回'}`, en: `proposal #${p.seq} is already ${p.status}; it cannot be ${to} again` }, { proposalStatus: p.status });
      }
      if (to === 'agreed') await this.assertStillFits(manager, caseId, p);
      p.status = to;
      p.decidedBy = actor.userId;
      p.decidedAt = this.clock.now();
      p.decisionRemark = remark ?? null;
      await manager.getRepository(CaseProposal).update({ caseId, id: p.id }, { status: p.status, decidedBy: p.decidedBy, decidedAt: p.decidedAt, decisionRemark: p.decisionRemark });
      return p;
    });
  }

  /**
   * An agreement binds: it must still fit the draft as it will be when the agreed proposals are applied. Not when
   * the article changed since the proposal was tabled, nor when another agreed proposal already settles it.
   */
  private async assertStillFits(manager: EntityManager, caseId: string, p: CaseProposal) {
    const draft = (await DraftsService.latest(manager, caseId))!;
    const agreed = await manager.getRepository(CaseProposal).find({ where: { caseId, status: 'agreed' }, order: { decidedAt: 'ASC', seq: 'ASC' } });
    const rival = agreed.find((a) => a.articleKey === p.articleKey);
    if (rival) {
      throw new Conflict({ zh: `条款 ${p.articleKey} 已有同意的方案 #${rival.seq}，待会议记录签署后再议`, en: `article ${p.articleKey} is already settled by agreed proposal #${rival.seq}; table a new proposal after the minutes are signed` }, { proposalId: rival.id });
    }
    if (draft.version !== p.baseVersion) {
      const base = await manager.getRepository(CaseDraft).findOneBy({ caseId, version: p.baseVersion });
      const then = base && placeArticles(base.content).find((a) => a.key === p.articleKey);
      const now = placeArticles(draft.content).find((a) => a.key === p.articleKey);
      if (canonicalJson(then ?? null) !== canonicalJson(now ?? null) && !(then && now && sameArticle(then, now))) {
        throw new Conflict({ zh: `条款 ${p.articleKey} 自方案 #${p.seq} 提出（草案第 ${p.baseVersion} 版）后已修改，请重新提出方案`, en: `article ${p.articleKey} changed since proposal #${p.seq} was tabled (draft version ${p.baseVersion}); table it anew` });
      }
    }
    try {
      applyChanges(draft.content, [...agreed, p]);
    } catch (err) {
      if (err instanceof ProposalConflict) throw new Conflict({ zh: `方案 #${p.seq} 与草案不符：${err.zh}`, en: `proposal #${p.seq} does not fit the draft: ${err.en}` });
      throw err;
    }
  }

  private async counter(manager: EntityManager, caseId: string, counterTo: string, side: string, articleKey: string) {
    const original = await manager.getRepository(CaseProposal).findOneBy({ caseId, id: counterTo });
    if (!original) throw new ValidationFailed([fieldViolation('counterTo', 'exists', `方案 ${counterTo} 不存在`, `proposal ${counterTo} does not exist`)]);
    if (original.side === side) throw new ValidationFailed([fieldViolation('counterTo', 'otherSide', '只能对对方的方案提出反方案', 'a counter-proposal answers the other side’s proposal')]);
    if (original.articleKey !== articleKey) throw new ValidationFailed([fieldViolation('counterTo', 'sameArticle', '反方案须针对同一条款', 'a counter-proposal is on the same article')]);
    if (original.status !== 'open') throw new Conflict({ zh: `方案 #${original.seq} 已是“${original.status}”状态`, en: `proposal #${original.seq} is already ${original.status}` });
    await manager.getRepository(CaseProposal).update({ caseId, id: counterTo }, { status: 'countered' });
  }
}

/** The same article in content (its number may differ: something was added or removed before it). */
const sameArticle = (a: PlacedArticle, b: PlacedArticle) => a.title === b.title && a.text === b.text && canonicalJson(a.terms ?? {}) === canonicalJson(b.terms ?? {});
