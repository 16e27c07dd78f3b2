import { Inject, Injectable } from '@nestjs/common';
import type { CaseFactsRequest, CaseFactsSource, GatheredFacts } from '../workflow-engine/case-facts.js';
import type { CaseContext, CaseFacts } from '../workflow-engine/machine/case-context.js';
import type { Representative } from '../workflow-engine/payloads/event-payloads.js';
import { ComplianceService, gatesContent } from './compliance.service.js';

const CONTENT_GUARDS = new Set(['draftAgreeable', 'signable']);

/**
 * What the engine's guards weigh beyond the machine: the checker's blocking findings on the draft (DRAFT_AGREED,
 * SIGNED) and whether the accounts named for representatives belong to that side (REPRESENTATIVES_APPOINTED).
 */
@Injectable()
export class ComplianceFacts implements CaseFactsSource {
  constructor(@Inject(ComplianceService) private readonly compliance: ComplianceService) {}

  async factsFor(r: CaseFactsRequest): Promise<GatheredFacts | undefined> {
    if (r.guards.some((g) => CONTENT_GUARDS.has(g))) return this.content(r);
    // The resolution names the draft the congress voted on.
    if (r.guards.includes('congressPassed')) {
      const [latest] = await r.sql.rows<{ version: number }>('SELECT max(version) AS version FROM case_drafts WHERE case_id = $1', [r.caseRow.id]);
      return latest?.version ? { facts: {}, record: { draftVersion: latest.version } } : undefined;
    }
    if (r.guards.includes('appointmentLawful')) return { facts: { accountProblems: await this.accountProblems(r) } };
    return undefined;
  }

  private async content(r: CaseFactsRequest): Promise<GatheredFacts> {
    const p = r.payload as { termStart?: string; termEnd?: string; employeeChief?: string; employerChief?: string };
    const signing = r.type === 'SIGNED' && p.termStart && p.termEnd ? { termStart: p.termStart, termEnd: p.termEnd, employeeChief: p.employeeChief ?? '', employerChief: p.employerChief ?? '' } : undefined;
    const view = await this.compliance.evaluate(r.sql, r.caseRow, r.params, undefined, signing);
    const blocking: NonNullable<CaseFacts['blockingFindings']> = view.findings.filter(gatesContent).map((f) => ({
      id: f.id,
      article: f.citation.reference,
      message_zh: f.contractArticle ? `${f.contractArticle.label}：${f.message_zh}` : f.message_zh,
      message_en: f.contractArticle ? `${f.contractArticle.label} (${f.contractArticle.title}): ${f.message_en}` : f.message_en,
    }));
    // Both chiefs sign (Arts 34, 37): where a side's chief seat has an account, only that account signs for the side.
    const side = r.actor.role === 'union' ? 'employee' : r.actor.role === 'employer' ? 'employer' : undefined;
    const chief = side ? (r.caseRow.snapshot.context as unknown as CaseContext).representatives[side].find((m) => m.chief) : undefined;
    if (chief?.userId && chief.userId !== r.actor.userId) {
      const article = r.type === 'SIGNED' ? 'CCP Art 37' : 'CCP Art 34';
      blocking.push({ id: 'procedure.chiefSigns', article, message_zh: `须由首席代表 ${chief.name} 本人的账号签署`, message_en: `the chief representative ${chief.name} signs, from their own account` });
    }
    const named = r.payload.draftVersion;
    if (typeof named === 'number' && named !== view.draftVersion) {
      blocking.push({ id: 'draft.notLatest', article: 'CCP Art 34', message_zh: `草案第 ${named} 版不是最新版本（第 ${view.draftVersion ?? '—'} 版）`, message_en: `draft version ${named} is not the latest (${view.draftVersion ?? 'none'})` });
    }
    // The log records which version was agreed or signed, and what the checker said of it.
    const record = { ...(view.draftVersion !== null ? { draftVersion: view.draftVersion } : {}), compliance: { blocking: view.gate.blocking, warnings: view.warnings } };
    return { facts: { blockingFindings: blocking }, record };
  }

  /** An account linked to a seat must be an active user of that side's organisation, in that side's role. */
  private async accountProblems(r: CaseFactsRequest): Promise<NonNullable<CaseFacts['accountProblems']>> {
    const members = (r.payload.members ?? []) as Representative[];
    const linked = members.filter((m) => m.userId);
    if (linked.length === 0 || (r.actor.role !== 'union' && r.actor.role !== 'employer')) return [];
    const orgs = r.actor.role === 'union' ? [r.caseRow.unionOrgId] : [r.caseRow.employerOrgId, ...r.enterpriseIds].filter((x): x is string => !!x);
    const rows = await r.sql.rows<{ id: string }>('SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active AND role = $2 AND organisation_id = ANY($3::uuid[])', [linked.map((m) => m.userId), r.actor.role, orgs]);
    const ok = new Set(rows.map((x) => x.id));
    return linked
      .filter((m) => !ok.has(m.userId!))
      .map((m) => ({ article: 'CCP Arts 20–21', message_zh: `${m.name} 关联的账号不是本方单位的有效账号`, message_en: `the account linked to ${m.name} is not an active account of this side's organisation` }));
  }
}
