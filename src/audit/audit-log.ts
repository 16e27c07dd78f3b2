import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Page } from '../common/pagination/page.js';
import { AuditEntry } from './audit-entry.entity.js';

export type AuditRecord = Omit<Partial<AuditEntry>, 'id' | 'at'> & { kind: string };

export interface AuditFilter {
  kind?: string;
  actor?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

const clip = (value: string | null | undefined, max: number) => (value == null ? null : value.replace(/\u0000/g, '').slice(0, max));

/** Writes and reads the append-only audit log (the `audit_log` table). */
@Injectable()
export class AuditLog {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.dataSource.getRepository(AuditEntry).insert({
      ...entry,
      details: (entry.details ?? {}) as never,
      at: this.clock.now(),
      actorUsername: clip(entry.actorUsername, 200),
      address: clip(entry.address, 100),
      userAgent: clip(entry.userAgent, 500),
      path: clip(entry.path, 1000),
    });
  }

  /** Newest first. `kind` ending in `.*` takes the family (login.*). */
  async list(filter: AuditFilter): Promise<Page<AuditEntry>> {
    const page = filter.page ?? 1;
    const pageSize = filter.pageSize ?? 20;
    const q = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.kind?.endsWith('.*')) q.andWhere('a.kind LIKE :family', { family: `${filter.kind.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%` });
    else if (filter.kind) q.andWhere('a.kind = :kind', { kind: filter.kind });
    if (filter.actor) q.andWhere('a.actor_username = :actor', { actor: filter.actor });
    if (filter.subjectType) q.andWhere('a.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) q.andWhere('a.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.from) q.andWhere('a.at >= :from', { from: new Date(filter.from) });
    if (filter.to) q.andWhere('a.at < :to', { to: new Date(filter.to) });
    const [items, total] = await q.orderBy('a.id', 'DESC').skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
    return { items, total, page, pageSize };
  }
}
