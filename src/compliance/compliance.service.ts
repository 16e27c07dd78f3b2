import { Inject, Injectable } from '@nestjs/common';
import { CaseDraft } from '../bargaining/entities/case-draft.entity.js';
import { Clock } from '../common/clock.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';
import type { Sql } from '../workflow-engine/case-store.js';
import type { CaseRecord } from '../workflow-engine/entities/case.entity.js';
import type { CaseContext } from '../workflow-engine/machine/case-context.js';
import { checkCompliance, type ComplianceReport } from './compliance-checker.js';
import type { ComplianceInput, Finding } from './compliance-rule.js';
import { effectiveDateOf } from './rules/wage-minimum.js';
import { NotFound } from '../common/errors/domain-error.js';
import { MinimumWageTable, type MonthlyMinimum } from './minimum-wage.js';

export interface ComplianceView extends ComplianceReport {
  caseId: string;
  draftVersion: number | null;
  checkedOn: string;
  /** The local minimum wage the wage rule used: the region's tier and the standard in force on the effective date. */
  minimumWage: (MonthlyMinimum & { onDate: string }) | null;
  /** Blocking findings that stop DRAFT_AGREED and SIGNED now (the procedure's own steps are guarded by the engine). */
  gate: { blocking: number; findings: string[] };
}

/** Procedure findings are the bureau's (the machine guards each step itself), except who signs: the chiefs (Art 37). */
export const gatesContent = (f: Finding) => f.severity === 'blocking' && (!f.id.startsWith('procedure.') || f.id.startsWith('procedure.signing'));

/** Runs the checker on a case's draft with the data tables (minimum wages, holidays). */
@Injectable()
export class ComplianceService {
  constructor(
    @Inject(MinimumWageTable) private readonly minimumWage: MinimumWageTable,
    @Inject(DeadlineCalendar) private readonly calendar: DeadlineCalendar,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async evaluate(sql: Sql, c: CaseRecord, params: Record<string, number>, version?: number, signing?: ComplianceInput['signing']): Promise<ComplianceView> {
    const draft = await readDraft(sql, c.id, version);
    if (version !== undefined && !draft) throw new NotFound({ zh: '合同草案版本', en: 'Draft version' }, `${c.id}@${version}`);
    const today = DeadlineCalendar.chinaDate(this.clock.now());
    const regionPath = (this.regions.get(c.regionCode)?.path ?? `${c.regionCode}/`).split('/').filter(Boolean);
    const context = c.snapshot.context as unknown as CaseContext;
    const report = checkCompliance(
      { kind: c.kind, regionPath, today, draft: draft ? { version: draft.version, content: draft.content } : undefined, context, params, signing },
      { minimumWage: this.minimumWage, calendar: this.calendar },
    );
    const onDate = effectiveDateOf({ kind: c.kind, regionPath, today, draft: draft ? { version: draft.version, content: draft.content } : undefined, context, params, signing });
    const gating = report.findings.filter(gatesContent);
    return {
      caseId: c.id,
      draftVersion: draft?.version ?? null,
      checkedOn: today,
      minimumWage: { ...this.minimumWage.monthlyMinimum(regionPath, onDate), onDate },
      ...report,
      gate: { blocking: gating.length, findings: gating.map((f) => f.id) },
    };
  }
}

/** A case's draft: the given version, else the latest. */
export async function readDraft(sql: Sql, caseId: string, version?: number): Promise<Pick<CaseDraft, 'version' | 'content'> | undefined> {
  const rows = await sql.rows<Pick<CaseDraft, 'version' | 'content'>>(
    version ? 'SELECT version, content FROM case_drafts WHERE case_id = $1 AND version = $2' : 'SELECT version, content FROM case_drafts WHERE case_id = $1 ORDER BY version DESC LIMIT 1',
    version ? [caseId, version] : [caseId],
  );
  return rows[0];
}
