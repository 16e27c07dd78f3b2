import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { User } from '../../../accounts/entities/user.entity.js';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { CaseView } from '../../../bargaining/dto/case.dto.js';
import type { Actor } from '../../../common/auth/actor.js';
import type { Bilingual } from '../../../common/errors/domain-error.js';
import { DocumentsService } from '../../../documents/documents.service.js';
import { CaseWorkflowService } from '../../../workflow-engine/case-workflow.service.js';
import { toSvg } from '../../../workflow-engine/diagram/svg.js';
import { listTransitions } from '../../../workflow-engine/diagram/transitions.js';
import type { Lang } from '../i18n.js';
import { timeline } from './case-timeline.js';

/** A workspace page of the case, shown where it applies (built by the other areas). */
export interface CaseLink {
  href: string;
  key: 'caseLinkTeam' | 'caseLinkNegotiation' | 'caseLinkFiling' | 'caseLinkReview' | 'caseLinkGuidance';
  id: string;
}

const FILING_STATES = new Set(['awaiting_filing', 'filing_overdue', 'under_review']);

/**
 * Everything the case page shows beside its forms: the diagram with the current state, the timeline,
 * the documents produced so far, and the links to the case's workspace pages that apply now.
 */
@Injectable()
export class CasePageService {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(DocumentsService) private readonly documents: DocumentsService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** Today in China, by the service's clock (the date fields' default). */
  today(): string {
    return this.engine.today();
  }

  async load(actor: Actor, id: string, lang: Lang) {
    const view = await this.cases.view(actor, id);
    const [events, docs] = await Promise.all([this.cases.history(actor, id), this.documents.forCase(actor, id)]);
    const def = this.engine.workflowOf({ workflowId: view.workflow.id, workflowVersion: view.workflow.version, workflowHash: view.workflow.hash }).definition;
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
    const names = new Map(
      actorIds.length ? (await this.dataSource.getRepository(User).find({ where: { id: In(actorIds) }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]) : [],
    );
    const history = timeline(def, events.map((e) => ({ ...e, actorName: e.actorId ? names.get(e.actorId) : undefined })));
    const labelOf = (type: string): Bilingual => def.events[type]?.label ?? { zh: type, en: type };
    // What may come next from here: the diagram's text alternative names it too.
    const next = [...new Set(listTransitions(def).filter((t) => t.from === view.state && !t.system).map((t) => t.event))].map(labelOf);
    return {
      view,
      history,
      deadlines: view.deadlines.map((d) => ({ key: d.key, label: d.label, dueOn: d.dueOn, daysRemaining: d.daysRemaining, late: d.daysRemaining < 0 })),
      diagram: {
        svg: toSvg(def, { highlight: view.state, lang, title: false }),
        stateLabel: view.stateLabel,
        next,
      },
      documents: docs.documents.map((d) => ({ id: d.id, title: d.title, pages: d.pages, kb: Math.max(1, Math.round(d.pdfBytes / 1024)), createdAt: d.createdAt, event: labelOf(d.eventType), href: `/documents/${d.id}/pdf` })),
      pendingDocuments: docs.pending.map((p) => ({ event: labelOf(p.eventType) })),
      links: this.links(actor, view, events.some((e) => e.toState === 'preparing_talks')),
    };
  }

  /** The workspace pages of this case the viewer may use now. */
  private links(actor: Actor, view: CaseView, talksBegan: boolean): CaseLink[] {
    const party = actor.role === 'union' || actor.role === 'employer';
    const links: CaseLink[] = [];
    const add = (href: string, key: CaseLink['key']) => links.push({ href, key, id: `link-${key.slice(8).toLowerCase()}` });
    if (party && talksBegan) {
      add(`/cases/${view.id}/team`, 'caseLinkTeam');
      add(`/cases/${view.id}/negotiation`, 'caseLinkNegotiation');
    }
    if (party && FILING_STATES.has(view.state)) add(`/cases/${view.id}/filing`, 'caseLinkFiling');
    if (actor.role === 'bureau' && view.state === 'under_review') add(`/filings/${view.id}`, 'caseLinkReview');
    add(`/cases/${view.id}/guidance`, 'caseLinkGuidance');
    return links;
  }
}
