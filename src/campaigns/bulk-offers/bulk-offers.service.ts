import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { Conflict, fieldViolation, NotFound, ValidationFailed } from '../../common/errors/domain-error.js';
import { JobBatch } from '../../jobs/entities/job-batch.entity.js';
import type { JobStatus } from '../../jobs/entities/job.entity.js';
import { readFailure } from '../../jobs/job-errors.js';
import { JobQueue } from '../../jobs/job-queue.js';
import { RegionDirectory } from '../../organisations/region-directory.js';
import { DeadlineCalendar } from '../../workflow-engine/calendar/deadline-calendar.js';
import { CampaignsService } from '../campaigns.service.js';
import type { Campaign } from '../entities/campaign.entity.js';
import { MAX_BULK_ENTERPRISES, type BulkOfferBatchView, type BulkOfferItemView, type CreateBulkOffersDto } from './dto/bulk-offer.dto.js';
import { BULK_OFFER_QUEUE, type BulkOfferJob } from './offer-preparer.js';

const BATCH_KIND = 'bulk-offer';

/**
 * Bulk offers (集中要约): a federation asks for the offers of many enterprises of a campaign at once; each is
 * prepared by a job (OfferPreparer). The request only checks what is common to all; each enterprise's own
 * obstacles (no union, outside the scope, a case already open) are its job's failure, with the reason.
 */
@Injectable()
export class BulkOffersService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(actor: Actor, campaignId: string, dto: CreateBulkOffersDto): Promise<{ batchId: string; total: number }> {
    const campaign = await this.campaigns.getFor(actor, campaignId, 'offers.bulk');
    const scopeRoot = this.campaigns.scopeRoot(actor, campaign);
    if (!campaign.kinds.includes(dto.kind)) {
      throw new ValidationFailed([fieldViolation('kind', 'kindInScope', `活动“${campaign.name}”不含此类集体合同`, `campaign “${campaign.name}” does not cover contracts of kind ${dto.kind}`)]);
    }
    const today = DeadlineCalendar.chinaDate(this.clock.now());
    if (today < campaign.startsOn || today > campaign.endsOn) {
      // A case joins a campaign only during its period (CampaignScope): nothing could be prepared.
      throw new Conflict({ zh: `活动“${campaign.name}”的期间为 ${campaign.startsOn} 至 ${campaign.endsOn}，今天（${today}）不在其中`, en: `campaign “${campaign.name}” runs from ${campaign.startsOn} to ${campaign.endsOn}, not today (${today})` });
    }
    const enterpriseIds = dto.enterpriseIds ?? (await this.defaultEnterprises(campaign, scopeRoot, dto.kind));
    if (enterpriseIds.length > MAX_BULK_ENTERPRISES) {
      throw new ValidationFailed([
        fieldViolation('enterpriseIds', 'arrayMaxSize', `一次最多为 ${MAX_BULK_ENTERPRISES} 家企业准备要约：名册中待准备的企业更多，请分批列明 enterpriseIds`, `at most ${MAX_BULK_ENTERPRISES} enterprises a request: the roster has more waiting, list enterpriseIds in parts`),
      ]);
    }
    if (enterpriseIds.length === 0) {
      throw new ValidationFailed([fieldViolation('enterpriseIds', 'arrayMinSize', '活动名册中（您负责的范围内）没有尚未发起此类协商的企业', 'no roster enterprise of the campaign in your part of its scope is without a case of this kind')]);
    }
    const batchId = randomUUID();
    const payloads: BulkOfferJob[] = enterpriseIds.map((enterpriseId) => ({ campaignId, enterpriseId, kind: dto.kind, scopeRoot, offer: { ...dto.offer }, actor: { ...actor } }));
    await this.dataSource.transaction(async (m) => {
      await m.insert(JobBatch, { id: batchId, kind: BATCH_KIND, campaignId, regionCode: scopeRoot, total: payloads.length, createdBy: actor.userId, createdAt: this.clock.now() });
      await this.jobs.enqueue(m, BULK_OFFER_QUEUE, payloads, { batchId, maxAttempts: 3 });
    });
    this.jobs.kick(BULK_OFFER_QUEUE);
    return { batchId, total: payloads.length };
  }

  async view(actor: Actor, campaignId: string, batchId: string, status?: JobStatus): Promise<BulkOfferBatchView> {
    const batch = await this.batch(actor, campaignId, batchId);
    const counts = await this.jobs.countByStatus(batchId);
    const rows: { enterprise_id: string; name: string | null; region_code: string | null; status: JobStatus; result: Record<string, unknown> | null; last_error: string | null; attempts: number; kind: string }[] = await this.dataSource.query(
      `SELECT j.payload->>'enterpriseId' AS enterprise_id, j.payload->>'kind' AS kind, o.name, o.region_code, j.status, j.result, j.last_error, j.attempts
         FROM jobs j LEFT JOIN organisations o ON o.id = (j.payload->>'enterpriseId')::uuid AND o.kind = 'enterprise'
        WHERE j.batch_id = $1 AND ($2::varchar IS NULL OR j.status = $2)
        ORDER BY o.name NULLS LAST, j.payload->>'enterpriseId'`,
      [batchId, status ?? null],
    );
    const items = rows.map((r): BulkOfferItemView => {
      const failure = r.status === 'done' ? null : readFailure(r.last_error);
      const visible = r.region_code !== null && this.access.inJurisdiction(actor, r.region_code);
      return {
        enterpriseId: r.enterprise_id,
        enterpriseName: visible ? r.name : null,
        status: r.status,
        ...(typeof r.result?.caseId === 'string' ? { caseId: r.result.caseId } : {}),
        ...(typeof r.result?.documentId === 'string' ? { documentId: r.result.documentId } : {}),
        ...(failure ? { error_zh: failure.zh, error_en: failure.en } : {}),
        attempts: r.attempts,
      };
    });
    const [first] = rows.length ? rows : await this.dataSource.query(`SELECT payload->>'kind' AS kind FROM jobs WHERE batch_id = $1 LIMIT 1`, [batchId]);
    return {
      batchId,
      campaignId,
      kind: first?.kind ?? '',
      regionCode: batch.regionCode,
      createdAt: batch.createdAt,
      total: batch.total,
      ...counts,
      progress: batch.total === 0 ? 1 : (counts.done + counts.failed) / batch.total,
      items,
    };
  }

  async retry(actor: Actor, campaignId: string, batchId: string, enterpriseIds?: string[]): Promise<{ batchId: string; requeued: number }> {
    await this.batch(actor, campaignId, batchId);
    const jobIds = enterpriseIds
      ? (await this.dataSource.query(`SELECT id FROM jobs WHERE batch_id = $1 AND payload->>'enterpriseId' = ANY($2::varchar[])`, [batchId, enterpriseIds])).map((r: { id: string }) => r.id)
      : undefined;
    const requeued = await this.jobs.retryFailed(batchId, jobIds);
    if (requeued) this.jobs.kick(BULK_OFFER_QUEUE);
    return { batchId, requeued };
  }

  /** The batch of this campaign, 404 unless its part of the scope is in the actor's jurisdiction. */
  private async batch(actor: Actor, campaignId: string, batchId: string): Promise<JobBatch> {
    await this.campaigns.getFor(actor, campaignId, 'offers.bulk');
    const batch = await this.dataSource.getRepository(JobBatch).findOneBy({ id: batchId, campaignId, kind: BATCH_KIND });
    if (!batch || !this.access.inJurisdiction(actor, batch.regionCode)) throw new NotFound({ zh: '批量要约', en: 'Bulk offer batch' }, batchId);
    return batch;
  }

  /** The roster's enterprises in the actor's part of the scope without a case of this kind in the campaign (any state). */
  private async defaultEnterprises(campaign: Campaign, scopeRoot: string, kind: string): Promise<string[]> {
    const rows: { enterprise_id: string }[] = await this.dataSource.query(
      `SELECT ce.enterprise_id FROM campaign_enterprises ce
         JOIN organisations o ON o.id = ce.enterprise_id
         JOIN regions r ON r.code = o.region_code
        WHERE ce.campaign_id = $1 AND r.path LIKE $2
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.campaign_id = ce.campaign_id AND c.kind = $3 AND c.employer_org_id = ce.enterprise_id)
        ORDER BY o.name, ce.enterprise_id
        LIMIT $4`,
      [campaign.id, `${this.regions.subtreePath(scopeRoot)}%`, kind, MAX_BULK_ENTERPRISES + 1],
    );
    return rows.map((r) => r.enterprise_id);
  }
}
