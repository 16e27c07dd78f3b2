import { Inject, Injectable } from '@nestjs/common';
import { CaseAccess } from '../bargaining/workspace/case-access.js';
import type { Actor } from '../common/auth/actor.js';
import type { LoadedCase } from '../workflow-engine/case-store.js';
import { CaseNotFound } from '../workflow-engine/engine-errors.js';

/** Who reads a case's filing: its parties, and the bureau and federation of its jurisdiction (CaseAccess decides the reach). */
const READERS = new Set(['union', 'employer', 'bureau', 'federation']);

@Injectable()
export class FilingAccess {
  constructor(@Inject(CaseAccess) private readonly cases: CaseAccess) {}

  /** The case, or 404 for anyone else (other roles, other cases, other jurisdictions): existence is not leaked. */
  async readable(actor: Actor, caseId: string): Promise<LoadedCase> {
    if (!READERS.has(actor.role)) throw new CaseNotFound(caseId);
    return this.cases.load(actor, caseId);
  }
}
