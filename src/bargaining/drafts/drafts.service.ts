import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { Conflict, NotFound } from '../../common/errors/domain-error.js';
import type { LoadedCase } from '../../workflow-engine/case-store.js';
import { canonicalJson } from '../../workflow-engine/event-log/event-chain.js';
import { applyChanges, ProposalConflict } from '../contract/apply-proposals.js';
import { placeArticles, type ContractDocument, type PlacedArticle } from '../contract/contract-document.js';
import { redline, redlineHtml, type Redline } from '../contract/redline.js';
import { skeletonOf } from '../contract/skeletons.js';
import { CaseDraft, type DraftSource } from '../entities/case-draft.entity.js';
import { CaseProposal } from '../entities/case-proposal.entity.js';
import { CaseAccess } from '../workspace/case-access.js';
import type { RedlineQuery, StartDraftDto } from './drafts.dto.js';

export interface DraftSummary {
  version: number;
  source: DraftSource;
  sessionNo: number | null;
  proposalIds: string[];
  contentHash: string;
  createdAt: Date;
}

export interface DraftView extends DraftSummary {
  caseId: string;
  title: string;
  chapters: { no: number; title: string; articles: PlacedArticle[] }[];
}

const DRAFTING_STATES = ['preparing_talks', 'negotiating', 'suspended', 'coordination'];
const contentHash = (doc: ContractDocument) => createHash('sha256').update(canonicalJson(doc)).digest('hex');

/** Versions of the contract draft: the starting point, then one per confirmed session that agreed articles. */
@Injectable()
export class DraftsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, caseId: string): Promise<DraftSummary[]> {
    await this.cases.load(actor, caseId);
    const rows = await this.dataSource.getRepository(CaseDraft).find({ where: { caseId }, order: { version: 'ASC' }, select: { version: true, source: true, sessionNo: true, proposalIds: true, contentHash: true, createdAt: true } });
    return rows.map(summary);
  }

  async get(actor: Actor, caseId: string, version: number | 'latest'): Promise<DraftView> {
    const c = await this.cases.load(actor, caseId);
    const draft = version === 'latest' ? await DraftsService.latest(this.dataSource.manager, caseId) : await this.dataSource.getRepository(CaseDraft).findOneBy({ caseId, version });
    if (!draft) throw new NotFound({ zh: '合同草案版本', en: 'Draft version' }, `${caseId}@${version}`);
    return view(c, draft);
  }

  /** Version 1: the kind's empty template, or the previous contract on renewal. */
  async start(actor: Actor, caseId: string, dto: StartDraftDto, fill: (doc: ContractDocument) => ContractDocument = (doc) => doc): Promise<DraftView> {
    this.cases.partySide(actor, { zh: '起草合同草案', en: 'start the draft' });
    return this.dataSource.transaction(async (manager) => {
      await this.cases.lock(manager, caseId);
      const c = await this.cases.load(actor, caseId, manager);
      CaseAccess.assertState(c, DRAFTING_STATES, { zh: '起草合同草案', en: 'start the draft' });
      if (await DraftsService.latest(manager, caseId)) throw new Conflict({ zh: '本案已有合同草案', en: 'the case already has a draft' });
      let content: ContractDocument;
      if (dto.from === 'previous_contract') {
        const previous = c.previousCaseId ? await DraftsService.latest(manager, c.previousCaseId) : null;
        if (!previous) throw new Conflict({ zh: '本案没有可沿用的上期合同', en: 'the case has no previous contract to start from' });
        content = previous.content;
      } else {
        content = skeletonOf(c.kind);
      }
      const draft = await this.write(manager, { caseId, version: 1, source: dto.from, sessionNo: null, proposalIds: [], content: fill(content), createdBy: actor.userId });
      return view(c, draft);
    });
  }

  /** Applies the agreed proposals to the latest version (both chiefs confirmed the minutes); none agreed, no version. */
  async cutVersion(manager: EntityManager, caseId: string, sessionNo: number, actorId: string): Promise<CaseDraft | null> {
    const latest = await DraftsService.latest(manager, caseId);
    if (!latest) return null;
    const agreed = await manager.getRepository(CaseProposal).find({ where: { caseId, status: 'agreed' }, order: { decidedAt: 'ASC', seq: 'ASC' } });
    if (agreed.length === 0) return null;
    let content = latest.content;
    for (const p of agreed) {
      try {
        content = applyChanges(content, [p]);
      } catch (err) {
        if (!(err instanceof ProposalConflict)) throw err;
        throw new Conflict({ zh: `已同意的方案 #${p.seq} 与草案不再相符：${err.zh}；请撤回或另提方案`, en: `agreed proposal #${p.seq} no longer fits the draft: ${err.en}; table a new one` }, { proposalId: p.id });
      }
    }
    const draft = await this.write(manager, { caseId, version: latest.version + 1, source: 'agreed', sessionNo, proposalIds: agreed.map((p) => p.id), content, createdBy: actorId });
    await manager.query(`UPDATE case_proposals SET status = 'applied', applied_in = $3 WHERE case_id = $1 AND id = ANY($2::uuid[])`, [caseId, agreed.map((p) => p.id), draft.version]);
    return draft;
  }

  async redline(actor: Actor, caseId: string, version: number, query: RedlineQuery): Promise<{ json: Redline; html: string }> {
    const c = await this.cases.load(actor, caseId);
    const repo = this.dataSource.getRepository(CaseDraft);
    const to = await repo.findOneBy({ caseId, version });
    if (!to) throw new NotFound({ zh: '合同草案版本', en: 'Draft version' }, `${caseId}@${version}`);
    let from: CaseDraft | null;
    let fromLabel: string;
    if (query.against === 'previous') {
      from = c.previousCaseId ? await DraftsService.latest(this.dataSource.manager, c.previousCaseId) : null;
      if (!from) throw new Conflict({ zh: '本案没有上期合同', en: 'the case has no previous contract' });
      fromLabel = '上期合同';
    } else {
      const againstVersion = query.against ? Number(query.against) : version - 1;
      from = againstVersion >= 1 ? await repo.findOneBy({ caseId, version: againstVersion }) : null;
      if (!from) throw new NotFound({ zh: '合同草案版本', en: 'Draft version' }, `${caseId}@${againstVersion}`);
      fromLabel = `草案第${from.version}版`;
    }
    const json = redline(from.content, to.content, { from: fromLabel, to: `草案第${to.version}版` });
    return { json, html: redlineHtml(json) };
  }

  static async latest(manager: EntityManager, caseId: string): Promise<CaseDraft | null> {
    return manager.getRepository(CaseDraft).findOne({ where: { caseId }, order: { version: 'DESC' } });
  }

  private async write(manager: EntityManager, d: Omit<CaseDraft, 'contentHash' | 'createdAt'>): Promise<CaseDraft> {
    const row: CaseDraft = { ...d, contentHash: contentHash(d.content), createdAt: this.clock.now() };
    await manager.getRepository(CaseDraft).insert(row);
    return row;
  }
}

const summary = (d: CaseDraft): DraftSummary => ({ version: d.version, source: d.source, sessionNo: d.sessionNo, proposalIds: d.proposalIds, contentHash: d.contentHash, createdAt: d.createdAt });

function view(c: LoadedCase, d: CaseDraft): DraftView {
  const placed = placeArticles(d.content);
  return {
    ...summary(d),
    caseId: c.id,
    title: c.title,
    chapters: d.content.chapters.map((ch, i) => ({ no: i + 1, title: ch.title, articles: placed.filter((a) => a.chapterNo === i + 1) })),
  };
}
