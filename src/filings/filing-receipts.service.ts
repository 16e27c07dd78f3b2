import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { Clock } from '../common/clock.js';
import { Conflict, Forbidden, ValidationFailed, fieldViolation } from '../common/errors/domain-error.js';
import { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';
import type { LoadedCase } from '../workflow-engine/case-store.js';
import type { CaseContext } from '../workflow-engine/machine/case-context.js';
import type { FilingReceiptView, IssueReceiptDto } from './dto/filings.dto.js';
import { FilingAccess } from './filing-access.js';

/** The current filing: the last FILED event of the case (a refiling after an objection is a new one). */
const CURRENT_FILING = `(SELECT max(seq) FROM case_events ev WHERE ev.case_id = $1 AND ev.type = 'FILED')`;

const SELECT = `SELECT case_id AS "caseId", filing_seq AS "filingSeq", receipt_no AS "receiptNo", received_on::text AS "receivedOn",
                       issued_by AS "issuedBy", bureau_org_id AS "bureauOrgId", issued_at AS "issuedAt"
                  FROM case_filing_receipts`;

/** The bureau's receipt of a filing (受理回执, procedure.md "Filing materials"): one per filing, shown to both parties. */
@Injectable()
export class FilingReceiptsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FilingAccess) private readonly access: FilingAccess,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The receipt of the case's current filing, if issued. */
  async current(caseId: string): Promise<FilingReceiptView | null> {
    const rows: FilingReceiptView[] = await this.dataSource.query(`${SELECT} WHERE case_id = $1 AND filing_seq = ${CURRENT_FILING}`, [caseId]);
    return rows[0] ?? null;
  }

  async read(actor: Actor, caseId: string): Promise<FilingReceiptView | null> {
    await this.access.readable(actor, caseId);
    return this.current(caseId);
  }

  /** Issues the receipt of the filing under review; a second request for the same filing answers the first receipt (created: false). */
  async issue(actor: Actor, caseId: string, dto: IssueReceiptDto): Promise<{ created: boolean; receipt: FilingReceiptView }> {
    const c = await this.access.readable(actor, caseId);
    if (actor.role !== 'bureau') throw new Forbidden({ zh: '只有劳动行政部门可以出具受理回执', en: 'only the labour bureau issues the filing receipt' });
    if (c.status !== 'under_review') {
      throw new Conflict({ zh: `案件处于 ${c.status} 阶段：受理回执只对审查中的报送出具`, en: `the case is in ${c.status}: a receipt is issued only for a filing under review` }, { state: c.status });
    }
    const existing = await this.current(caseId);
    if (existing) return { created: false, receipt: existing };
    const filedOn = (c.snapshot.context as unknown as CaseContext).filing?.occurredOn ?? c.lastOccurredOn ?? DeadlineCalendar.chinaDate(this.clock.now());
    const today = DeadlineCalendar.chinaDate(this.clock.now());
    const receivedOn = dto.receivedOn ?? filedOn;
    const problems = [];
    if (receivedOn < filedOn) problems.push(fieldViolation('receivedOn', 'notBeforeFiling', `收到日期不得早于报送日期 ${filedOn}`, `the day received must not be before the filing date ${filedOn}`));
    if (receivedOn > today) problems.push(fieldViolation('receivedOn', 'notInFuture', `收到日期不得晚于今天 ${today}`, `the day received must not be after today ${today}`));
    if (problems.length) throw new ValidationFailed(problems);
    const receiptNo = dto.receiptNo?.trim() || defaultNumber(c, receivedOn);
    // ON CONFLICT: two bureau officers at once get the one receipt.
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO case_filing_receipts (case_id, filing_seq, receipt_no, received_on, issued_by, bureau_org_id, issued_at)
       SELECT $1, ${CURRENT_FILING}, $2, $3, $4, $5, $6 ON CONFLICT DO NOTHING RETURNING case_id`,
      [caseId, receiptNo, receivedOn, actor.userId, actor.organisationId, this.clock.now()],
    );
    const receipt = (await this.current(caseId))!;
    return { created: inserted.length === 1, receipt };
  }
}

/** 回执 <region>-<received day>-<case>, e.g. 备案回执 510107-20180312-3f2b8c1e. */
function defaultNumber(c: LoadedCase, receivedOn: string): string {
  return `备案回执 ${c.regionCode}-${receivedOn.replace(/-/g, '')}-${c.id.slice(0, 8)}`;
}
