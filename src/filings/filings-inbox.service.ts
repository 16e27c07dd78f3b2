import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { Forbidden } from '../common/errors/domain-error.js';
import { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';
import { CaseWorkflowService } from '../workflow-engine/case-workflow.service.js';
import type { InboxItemView } from './dto/filings.dto.js';

interface Row {
  id: string;
  title: string;
  status: string;
  version: number;
  region_code: string;
  region_name: string;
  workflow_id: string;
  workflow_version: number;
  workflow_hash: string;
  enterprise: string | null;
  filed_on: string | null;
  signed_on: string | null;
  review_due: string | null;
  receipt: InboxItemView['receipt'];
}

/**
 * The bureau's inbox (GET /api/filings): the filings of its jurisdiction under review, nearest review deadline
 * first (CCP Art 47: 15 days, silence means the contract takes effect), then the filings overdue (Art 42), flagged.
 */
@Injectable()
export class FilingsInboxService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
  ) {}

  async inbox(actor: Actor): Promise<InboxItemView[]> {
    if (actor.role !== 'bureau') throw new Forbidden({ zh: '备案收件箱只供劳动行政部门使用', en: 'the filings inbox is the labour bureau’s' });
    const rows: Row[] = await this.dataSource.query(
      `SELECT c.id, c.title, c.status, c.version, c.region_code, rg.name AS region_name, c.workflow_id, c.workflow_version, c.workflow_hash,
              e.name AS enterprise, c.snapshot->'context'->'filing'->>'occurredOn' AS filed_on, c.snapshot->'context'->>'signedOn' AS signed_on,
              d.due_on::text AS review_due,
              (SELECT json_build_object('caseId', fr.case_id, 'filingSeq', fr.filing_seq, 'receiptNo', fr.receipt_no, 'receivedOn', fr.received_on::text,
                                        'issuedBy', fr.issued_by, 'bureauOrgId', fr.bureau_org_id, 'issuedAt', fr.issued_at)
                 FROM case_filing_receipts fr
                WHERE fr.case_id = c.id AND fr.filing_seq = (SELECT max(seq) FROM case_events ev WHERE ev.case_id = c.id AND ev.type = 'FILED')) AS receipt
         FROM cases c
         JOIN regions rg ON rg.code = c.region_code
         LEFT JOIN organisations e ON e.id = c.employer_org_id
         LEFT JOIN case_deadlines d ON d.case_id = c.id AND d.key = 'review'
        WHERE c.status IN ('under_review', 'filing_overdue') AND rg.path LIKE $1
        ORDER BY c.status = 'filing_overdue', d.due_on NULLS LAST, c.snapshot->'context'->>'signedOn', c.id`,
      [`${this.access.subtreePath(actor)}%`],
    );
    const today = this.engine.today();
    return rows.map((r) => ({
      caseId: r.id,
      title: r.title,
      state: r.status,
      stateLabel: this.engine.workflowOf({ workflowId: r.workflow_id, workflowVersion: r.workflow_version, workflowHash: r.workflow_hash }).definition.machine.states[r.status].meta.label,
      enterprise: r.enterprise,
      regionCode: r.region_code,
      regionName: r.region_name,
      filedOn: r.status === 'under_review' ? r.filed_on : null,
      signedOn: r.signed_on,
      reviewDueOn: r.review_due,
      daysRemaining: r.review_due ? DeadlineCalendar.daysRemaining(today, r.review_due) : null,
      filingOverdue: r.status === 'filing_overdue',
      version: r.version,
      receipt: r.receipt,
    }));
  }
}
