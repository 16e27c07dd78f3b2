import { Campaign } from '../campaigns/entities/campaign.entity.js';
import { CampaignEnterprise } from '../campaigns/entities/campaign-enterprise.entity.js';
import { CampaignTarget } from '../campaigns/entities/campaign-target.entity.js';
import { RosterImport } from '../campaigns/entities/roster-import.entity.js';
import { CaseInstructor } from '../instructors/entities/case-instructor.entity.js';
import { GuidanceNote } from '../instructors/entities/guidance-note.entity.js';
import { Instructor } from '../instructors/entities/instructor.entity.js';
import { Job } from '../jobs/entities/job.entity.js';
import { JobBatch } from '../jobs/entities/job-batch.entity.js';
import { User } from '../accounts/entities/user.entity.js';
import { Industry } from '../organisations/entities/industry.entity.js';
import { Organisation } from '../organisations/entities/organisation.entity.js';
import { Region } from '../organisations/entities/region.entity.js';
import { AppSetting } from './app-setting.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { LoginFailure } from '../common/security/login-failure.entity.js';
import { CaseDocument } from '../documents/entities/case-document.entity.js';
import { FilingMaterial } from '../filings/entities/filing-material.entity.js';
import { FilingReceipt } from '../filings/entities/filing-receipt.entity.js';
import { CaseDraft } from '../bargaining/entities/case-draft.entity.js';
import { CaseProposal } from '../bargaining/entities/case-proposal.entity.js';
import { CaseSession } from '../bargaining/entities/case-session.entity.js';
import { CaseDeadline } from '../workflow-engine/entities/case-deadline.entity.js';
import { CaseEnterprise } from '../workflow-engine/entities/case-enterprise.entity.js';
import { CaseEventRecord } from '../workflow-engine/entities/case-event.entity.js';
import { CaseIdempotencyKey } from '../workflow-engine/entities/case-idempotency.entity.js';
import { CaseOutboxRecord } from '../workflow-engine/entities/case-outbox.entity.js';
import { CaseRecord } from '../workflow-engine/entities/case.entity.js';
import { StatsCaseEventRecord } from '../statistics/entities/stats-case-event.entity.js';
import { StatsCaseStateRecord } from '../statistics/entities/stats-case-state.entity.js';
import { StatsCaseEventTotalRecord } from '../statistics/entities/stats-case-event-total.entity.js';
import { StatsContractTermRecord } from '../statistics/entities/stats-contract-term.entity.js';
import { StatsDailyEventRecord } from '../statistics/entities/stats-daily-event.entity.js';
import { StatsRosterRecord } from '../statistics/entities/stats-roster.entity.js';
import { StatsEnterpriseContractRecord } from '../statistics/entities/stats-enterprise-contract.entity.js';
import { StatsCampaignEnterpriseRecord } from '../statistics/entities/stats-campaign-enterprise.entity.js';
import { WorkflowDefinitionRecord } from '../workflow-engine/entities/workflow-definition-record.entity.js';

export const ENTITIES = [
  AppSetting,
  Region,
  Industry,
  Organisation,
  User,
  WorkflowDefinitionRecord,
  CaseRecord,
  CaseEnterprise,
  CaseEventRecord,
  CaseDeadline,
  CaseIdempotencyKey,
  CaseSession,
  CaseDraft,
  CaseProposal,
  CaseOutboxRecord,
  CaseDocument,
  FilingMaterial,
  FilingReceipt,
  StatsCaseStateRecord,
  StatsCaseEventRecord,
  StatsCaseEventTotalRecord,
  StatsDailyEventRecord,
  StatsContractTermRecord,
  StatsRosterRecord,
  StatsEnterpriseContractRecord,
  StatsCampaignEnterpriseRecord,
  Campaign,
  CampaignTarget,
  CampaignEnterprise,
  RosterImport,
  Instructor,
  CaseInstructor,
  GuidanceNote,
  JobBatch,
  Job,
  AuditEntry,
  LoginFailure,
];
