import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Region } from './entities/region.entity.js';

/** The region tree in memory (a few hundred rows): jurisdiction checks without a query. */
@Injectable()
export class RegionDirectory implements OnModuleInit {
  private byCode = new Map<string, Region>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onModuleInit() {
    await this.reload();
  }

  async reload() {
    const regions = await this.dataSource.getRepository(Region).find({ order: { code: 'ASC' } });
    this.byCode = new Map(regions.map((r) => [r.code, r]));
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  all(): Region[] {
    return [...this.byCode.values()];
  }

  /** The path prefix that every region of the subtree rooted at `code` starts with. */
  subtreePath(code: string): string {
    const region = this.byCode.get(code);
    // An unknown root matches nothing: a stale jurisdiction must not widen to everything.
    return region ? region.path : `unknown:${code}/`;
  }

  /** The child of `root` on the way down to `code` (the prefecture of a county under the province); `root` for itself, undefined outside its subtree. */
  childOf(root: string, code: string): string | undefined {
    if (code === root) return root;
    let at = this.byCode.get(code);
    while (at && at.parentCode && at.parentCode !== root) at = this.byCode.get(at.parentCode);
    return at && at.parentCode === root ? at.code : undefined;
  }

  isWithin(code: string, root: string): boolean {
    const region = this.byCode.get(code);
    return !!region && region.path.startsWith(this.subtreePath(root));
  }
}
