import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { NotFound } from '../../common/errors/domain-error.js';
import { APP_LOGGER } from '../../common/logging/logger.js';
import type { Page } from '../../common/pagination/page.js';
import { pageArgs } from '../../common/pagination/page.js';
import { RegionDirectory } from '../../organisations/region-directory.js';
import { CampaignsService } from '../campaigns.service.js';
import type { Campaign } from '../entities/campaign.entity.js';
import { RosterImport } from '../entities/roster-import.entity.js';
import { newProgress, RosterImporter, type RosterImportMode, type RosterOutcome, type RosterProgress } from './roster-importer.js';
import { buildRosterTemplate } from './roster-template.js';
import type { RosterEntryView, RosterImportStartedView, RosterImportSummaryView, RosterImportView, RosterQuery } from './roster.dto.js';

/**
 * A running import whose row is this old has no process behind it any more (the service stopped while it
 * ran): it is marked 'failed' at start-up and when it is looked at. An import of the largest file this
 * service takes (50 MB) runs for a few minutes at most.
 */
export const STALE_AFTER_MS = 30 * 60_000;

interface Running {
  progress: RosterProgress;
  done: Promise<RosterOutcome | undefined>;
}

const importNotFound = (id: string) => new NotFound({ zh: '名册导入', en: 'Roster import' }, id);

/**
 * Roster imports over HTTP: the upload is stored as a 'running' import and processed in the background;
 * its progress is held in this instance's memory while it runs (another instance sees the row 'running'
 * with no phase) and the outcome is persisted at the end.
 */
@Injectable()
export class RosterService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Map<string, Running>();
  private readonly importer: RosterImporter;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.importer = new RosterImporter(dataSource, regions, () => clock.now());
  }

  async onApplicationBootstrap() {
    const failed = await this.failStaleImports();
    if (failed) this.logger.warn({ failed }, 'roster imports left running by a stopped service marked failed');
  }

  /** Lets the imports in flight finish before the database closes. */
  async beforeApplicationShutdown() {
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  failStaleImports(): Promise<number> {
    return this.importer.failStale(STALE_AFTER_MS);
  }

  /** The campaign, if the actor may import its roster (404 outside their reach, 403 for their role). */
  importable(actor: Actor, campaignId: string): Promise<Campaign> {
    return this.campaigns.getFor(actor, campaignId, 'roster.import');
  }

  async start(actor: Actor, campaign: Campaign, file: { fileName: string; content: Buffer; mode: RosterImportMode }): Promise<RosterImportStartedView> {
    const importId = randomUUID();
    await this.importer.begin(importId, campaign.id, file.fileName, file.mode, actor.userId);
    const progress = newProgress();
    const request = { importId, campaign, scopeRoot: this.campaigns.scopeRoot(actor, campaign), fileName: file.fileName, content: file.content, mode: file.mode };
    const done = this.importer.run(request, progress).then(
      (outcome) => {
        this.logger.info({ importId, campaignId: campaign.id, status: outcome.status, rows: outcome.totalRows, inserted: outcome.inserted, updated: outcome.updated, problems: outcome.problemCount }, 'roster import finished');
        return outcome;
      },
      (err) => {
        this.logger.error({ importId, err }, 'roster import failed');
        return undefined;
      },
    );
    this.running.set(importId, { progress, done });
    void done.finally(() => this.running.delete(importId));
    return { importId, status: 'running' };
  }

  /** Resolves when the import has finished on this instance (at once when it is not running here). */
  async settled(importId: string): Promise<void> {
    await this.running.get(importId)?.done;
  }

  async list(actor: Actor, campaignId: string): Promise<RosterImportSummaryView[]> {
    const campaign = await this.importable(actor, campaignId);
    const rows = (await this.dataSource.getRepository(RosterImport).find({ where: { campaignId }, order: { createdAt: 'DESC', id: 'ASC' }, select: { id: true, campaignId: true, fileName: true, mode: true, status: true, totalRows: true, inserted: true, updated: true, skipped: true, problemCount: true, createdBy: true, createdAt: true, finishedAt: true } }));
    const visible = await this.visibleImports(actor, campaign, rows);
    if (visible.some((r) => this.orphaned(r))) return (await this.failStaleImports()) ? this.list(actor, campaignId) : visible.map((r) => this.summary(r));
    return visible.map((r) => this.summary(r));
  }

  async view(actor: Actor, campaignId: string, importId: string): Promise<RosterImportView> {
    const campaign = await this.importable(actor, campaignId);
    let row = await this.dataSource.getRepository(RosterImport).findOneBy({ id: importId, campaignId });
    if (!row || (await this.visibleImports(actor, campaign, [row])).length === 0) throw importNotFound(importId);
    if (row.status === 'running' && !this.running.has(row.id)) {
      if (this.orphaned(row)) await this.failStaleImports();
      // Read again: it may have finished here between the read and the look at the running ones.
      row = (await this.dataSource.getRepository(RosterImport).findOneBy({ id: importId }))!;
    }
    return { ...this.summary(row), problems: row.status === 'running' ? [] : row.problems };
  }

  /**
   * The imports whose scope lies in the actor's jurisdiction: an import wrote the part of the campaign in its
   * importer's jurisdiction (the whole campaign for the CLI), and its report names rows of that part only.
   */
  private async visibleImports<T extends Pick<RosterImport, 'createdBy'>>(actor: Actor, campaign: Campaign, rows: T[]): Promise<T[]> {
    const creators = [...new Set(rows.map((r) => r.createdBy).filter((x): x is string => !!x))];
    const regionOf = new Map<string, string>(
      creators.length ? (await this.dataSource.query('SELECT id, region_code FROM users WHERE id = ANY($1::uuid[])', [creators])).map((u: { id: string; region_code: string }) => [u.id, u.region_code]) : [],
    );
    return rows.filter((r) => {
      const creatorRegion = r.createdBy ? regionOf.get(r.createdBy) : undefined;
      const scope = creatorRegion && !this.regions.isWithin(campaign.regionCode, creatorRegion) ? creatorRegion : campaign.regionCode;
      return this.access.inJurisdiction(actor, scope);
    });
  }

  async roster(actor: Actor, campaignId: string, query: RosterQuery): Promise<Page<RosterEntryView>> {
    await this.campaigns.get(actor, campaignId);
    const { page, pageSize, skip, take } = pageArgs(query);
    // The reader sees the part of the roster in their jurisdiction (and in the region asked for).
    const paths = [this.access.subtreePath(actor)];
    if (query.region) paths.push(this.regions.subtreePath(query.region));
    const where = `ce.campaign_id = $1 AND r.path LIKE ALL($2::text[]) AND ($3::varchar IS NULL OR o.industry_code = $3)`;
    const params = [campaignId, paths.map((p) => `${p}%`), query.industry ?? null];
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM campaign_enterprises ce JOIN organisations o ON o.id = ce.enterprise_id JOIN regions r ON r.code = o.region_code WHERE ${where}`, params);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT o.id, o.name, o.credit_code, o.region_code, r.name AS region_name, o.industry_code, i.name AS industry_name, o.employees, o.unionised,
              o.legal_representative, o.address, ce.import_id, u.id AS union_id, u.name AS union_name
         FROM campaign_enterprises ce
         JOIN organisations o ON o.id = ce.enterprise_id
         JOIN regions r ON r.code = o.region_code
         LEFT JOIN industries i ON i.code = o.industry_code
         LEFT JOIN LATERAL (SELECT id, name FROM organisations u WHERE u.kind = 'union' AND u.union_level = 'enterprise' AND u.enterprise_id = o.id ORDER BY u.created_at, u.id LIMIT 1) u ON true
        WHERE ${where}
        ORDER BY o.region_code, o.name, o.id
        LIMIT $4 OFFSET $5`,
      [...params, take, skip],
    );
    return {
      items: rows.map((x) => ({
        enterpriseId: x.id as string,
        name: x.name as string,
        creditCode: x.credit_code as string | null,
        regionCode: x.region_code as string,
        regionName: x.region_name as string,
        industryCode: x.industry_code as string | null,
        industryName: x.industry_name as string | null,
        employees: x.employees as number | null,
        unionised: x.unionised as boolean | null,
        unionId: x.union_id as string | null,
        unionName: x.union_name as string | null,
        legalRepresentative: x.legal_representative as string | null,
        address: x.address as string | null,
        importId: x.import_id as string | null,
      })),
      total,
      page,
      pageSize,
    };
  }

  /** The template for this campaign: its regions in the importer's part of the scope, the industries. */
  async template(actor: Actor, campaignId: string): Promise<Buffer> {
    const campaign = await this.importable(actor, campaignId);
    const root = this.campaigns.scopeRoot(actor, campaign);
    const regions = this.regions
      .all()
      .filter((r) => this.regions.isWithin(r.code, root))
      .sort((a, b) => a.path.localeCompare(b.path));
    const industries: { code: string; name: string }[] = await this.dataSource.query('SELECT code, name FROM industries ORDER BY code');
    return buildRosterTemplate({ campaignName: campaign.name, regions, industries });
  }

  /** Stored as running, not running here, and old: nothing will finish it. */
  private orphaned(row: RosterImport): boolean {
    return row.status === 'running' && !this.running.has(row.id) && this.clock.now().getTime() - row.createdAt.getTime() > STALE_AFTER_MS;
  }

  private summary(row: RosterImport): RosterImportSummaryView {
    const live = row.status === 'running' ? this.running.get(row.id)?.progress : undefined;
    const base = { id: row.id, campaignId: row.campaignId, fileName: row.fileName, mode: row.mode, status: row.status, createdBy: row.createdBy, createdAt: row.createdAt, finishedAt: row.finishedAt };
    if (live) {
      return { ...base, phase: live.phase, processedRows: live.processedRows, totalRows: live.totalRows, inserted: live.inserted, updated: live.updated, unchanged: 0, skipped: live.skipped, problemCount: live.problemCount };
    }
    const running = row.status === 'running';
    return {
      ...base,
      phase: running ? null : 'done',
      processedRows: running ? 0 : row.totalRows,
      totalRows: running ? null : row.totalRows,
      inserted: row.inserted,
      updated: row.updated,
      unchanged: row.status === 'imported' ? row.totalRows - row.skipped - row.inserted - row.updated : 0,
      skipped: row.skipped,
      problemCount: row.problemCount,
    };
  }
}
