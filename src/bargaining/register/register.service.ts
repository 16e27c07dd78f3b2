import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../../accounts/entities/user.entity.js';
import { AccessPolicy } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { fieldViolation, Forbidden, ValidationFailed } from '../../common/errors/domain-error.js';
import { pageArgs } from '../../common/pagination/page.js';
import { RegionDirectory } from '../../organisations/region-directory.js';
import { CaseWorkflowService } from '../../workflow-engine/case-workflow.service.js';
import { IN_FORCE_STATES, type RegisterEntryView, type RegisterPageView, type RegisterQuery } from './register.dto.js';

/** The roles that keep or read the register of contracts in force (备案审查 and the federations' oversight). */
export const REGISTER_ROLES: readonly Role[] = ['bureau', 'federation', 'admin'];

type Row = {
  id: string;
  title: string;
  kind: string;
  status: string;
  region_code: string;
  region_name: string;
  industry_code: string | null;
  industry_name: string | null;
  union_name: string;
  employer_name: string | null;
  employees_covered: number;
  term_end: string | null;
  workflow_id: string;
  workflow_version: number;
  workflow_hash: string;
  matched: string | null;
};

/** `%…%` for ILIKE with the user's % _ and \ taken literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** About 80 characters of the matching article around the first hit. */
function excerptOf(text: string, q: string): string {
  const at = text.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0 || text.length <= 80) return text.slice(0, 80);
  const start = Math.max(0, at - 30);
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 80)}${start + 80 < text.length ? '…' : ''}`;
}

/**
 * The register of collective contracts in force in the caller's jurisdiction: filtered by region, industry,
 * the end of the term, and words of the contract (the latest draft's articles, or the title). The cases are
 * narrowed by state and region first (an index on the region); the text is matched only on those, by ILIKE
 * over the articles of one draft per case (its primary key gives the latest).
 */
@Injectable()
export class RegisterService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
  ) {}

  assertReader(actor: Actor): void {
    if (!REGISTER_ROLES.includes(actor.role)) {
      throw new Forbidden({ zh: `角色 ${actor.role} 无权查看集体合同登记簿`, en: `role ${actor.role} may not read the register of contracts` });
    }
  }

  async search(actor: Actor, query: RegisterQuery): Promise<RegisterPageView> {
    this.assertReader(actor);
    const problems = [];
    if (query.region && !this.access.inJurisdiction(actor, query.region)) {
      problems.push(fieldViolation('region', 'inJurisdiction', `地区 ${query.region} 不在您的管辖范围内`, `region ${query.region} is outside your jurisdiction`));
    }
    if (query.expiresAfter && query.expiresBefore && query.expiresAfter > query.expiresBefore) {
      problems.push(fieldViolation('expiresBefore', 'afterStart', '“届满不晚于”须不早于“届满不早于”', '“expires before” must not be earlier than “expires after”'));
    }
    // PostgreSQL takes no NUL in a text parameter (the query would fail with a 500).
    if (query.q?.includes('\u0000')) problems.push(fieldViolation('q', 'noNul', '检索词含有无效字符', 'the search words hold an invalid character'));
    if (problems.length) throw new ValidationFailed(problems);
    const { page, pageSize, skip, take } = pageArgs(query);
    const q = query.q?.trim() || undefined;
    const params: unknown[] = [[...IN_FORCE_STATES], `${this.access.subtreePath(actor)}%`];
    const arg = (value: unknown) => `$${params.push(value)}`;
    const where = ['c.status = ANY($1)', 'r.path LIKE $2'];
    if (query.region) where.push(`r.path LIKE ${arg(`${this.regions.subtreePath(query.region)}%`)}`);
    if (query.industry) where.push(`c.industry_code = ${arg(query.industry)}`);
    if (query.expiresBefore) where.push(`c.term_end <= ${arg(query.expiresBefore)}`);
    if (query.expiresAfter) where.push(`c.term_end >= ${arg(query.expiresAfter)}`);
    let match = 'NULL::text';
    if (q) {
      const like = arg(likePattern(q));
      // The first article of the latest draft whose title or text holds the words.
      match = `(SELECT coalesce(a->>'title', '') || '：' || coalesce(a->>'text', '')
                  FROM (SELECT content FROM case_drafts d WHERE d.case_id = c.id ORDER BY d.version DESC LIMIT 1) d,
                       jsonb_path_query(d.content, '$.chapters[*].articles[*]') a
                 WHERE a->>'text' ILIKE ${like} OR a->>'title' ILIKE ${like} LIMIT 1)`;
      where.push(`(c.title ILIKE ${like} OR ${match} IS NOT NULL)`);
    }
    const from = `FROM cases c JOIN regions r ON r.code = c.region_code WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: Row[] = await this.dataSource.query(
      `SELECT c.id, c.title, c.kind, c.status, c.region_code, r.name AS region_name, c.industry_code,
              (SELECT name FROM industries i WHERE i.code = c.industry_code) AS industry_name,
              (SELECT name FROM organisations u WHERE u.id = c.union_org_id) AS union_name,
              (SELECT name FROM organisations e WHERE e.id = c.employer_org_id) AS employer_name,
              c.employees_covered, c.term_end::text AS term_end, c.workflow_id, c.workflow_version, c.workflow_hash, ${match} AS matched
         ${from}
        ORDER BY c.term_end ASC NULLS LAST, c.title, c.id LIMIT ${arg(take)} OFFSET ${arg(skip)}`,
      params,
    );
    return { items: rows.map((r) => this.entry(r, q)), total, page, pageSize };
  }

  private entry(r: Row, q: string | undefined): RegisterEntryView {
    const w = this.engine.workflowOf({ workflowId: r.workflow_id, workflowVersion: r.workflow_version, workflowHash: r.workflow_hash });
    return {
      caseId: r.id,
      title: r.title,
      kind: r.kind,
      state: r.status,
      stateLabel: w.definition.machine.states[r.status]?.meta.label ?? { zh: r.status, en: r.status },
      regionCode: r.region_code,
      regionName: r.region_name,
      industryCode: r.industry_code,
      industryName: r.industry_name,
      unionName: r.union_name,
      employerName: r.employer_name,
      employeesCovered: r.employees_covered,
      termEnd: r.term_end,
      excerpt: q && r.matched ? excerptOf(r.matched, q) : null,
    };
  }
}
