import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import type { Bilingual } from '../../../common/errors/domain-error.js';
import { FilingMaterialsService } from '../../../filings/filing-materials.service.js';
import { kindLabel } from '../../../filings/filing-kinds.js';
import { eventForms, type EventForm } from '../event-forms.js';
import { HomeService } from '../home.service.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { bilingualOf, type Refusal } from './refusal.js';

/** What was posted and refused, to show again beside its form. */
export interface Attempt {
  form: 'upload' | 'FILED';
  /** The upload's item ('' when unknown). */
  kind: string;
  values?: Record<string, string>;
  refusal: Refusal;
}

const DELAY = 'payload.delayExplanation';

/** Builds and renders the filing page (web/pages/filings-employer.hbs). */
@Injectable()
export class FilingPageView {
  constructor(
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(FilingMaterialsService) private readonly materials: FilingMaterialsService,
    @Inject(HomeService) private readonly home: HomeService,
  ) {}

  async render(id: string, actor: Actor, req: Request, res: Response, status: number, attempt?: Attempt, flash?: { uploaded?: string; sent?: string }) {
    const lang = this.pages.langOf(req, res);
    // The filing first: it answers 404 to whoever may not read it.
    const filing = await this.materials.overview(actor, id);
    const [user, view] = await Promise.all([this.session.user(actor, req, lang), this.cases.view(actor, id)]);
    const overdue = view.state === 'filing_overdue';
    const uploads = filing.checklist.map((item) => {
      const mine = attempt?.form === 'upload' && attempt.kind === item.kind ? attempt.refusal : undefined;
      return {
        ...item,
        formId: `form-upload-${item.kind}`,
        inputId: `upload-${item.kind}-file`,
        files: filing.materials.filter((m) => m.kind === item.kind),
        errors: mine ? [...mine.formErrors, ...mine.fieldErrors.map(bilingualOf)] : [],
      };
    });
    // An upload refused before its item was known (too large to read, not multipart, an unknown item): above the list.
    const uploadErrors: Bilingual[] =
      attempt?.form === 'upload' && !uploads.some((u) => u.kind === attempt.kind) ? [...attempt.refusal.formErrors, ...attempt.refusal.fieldErrors.map(bilingualOf)] : [];
    const filed = view.allowedEvents.filter((e) => e.type === 'FILED');
    const entered =
      attempt?.form === 'FILED'
        ? { type: 'FILED', values: attempt.values ?? {}, fieldErrors: attempt.refusal.fieldErrors, formErrors: attempt.refusal.formErrors }
        : { type: 'FILED', values: this.prefill(filing.checklist), fieldErrors: [], formErrors: [] };
    const forms: EventForm[] = eventForms(filed, this.home.today(), entered).map((f) => ({
      ...f,
      // The delay explanation belongs to a late filing only (Art 42), and is needed then.
      fields: f.fields.filter((x) => x.name !== DELAY || overdue).map((x) => (x.name === DELAY ? { ...x, required: true, hint: { zh: '逾期报送必填', en: 'required for a late filing' } } : x)),
    }));
    const uploadedLabel = flash?.uploaded ? kindLabel(flash.uploaded) : undefined;
    this.pages.render(req, res, status, 'filings-employer', {
      lang,
      title: 'filTitle',
      pageTitle: `${view.title}`,
      user,
      view,
      filing: { ...filing, materials: filing.materials.map((m) => ({ ...m, sha12: m.sha256.slice(0, 12) })) },
      uploads,
      uploadErrors,
      forms,
      overdue,
      uploadedLabel,
      sentFiled: flash?.sent === 'FILED',
      failed: status >= 400,
      readOnly: !filing.uploadOpen,
    });
  }

  /** The FILED form's ticks from what was uploaded: three copies once the contract text is there. */
  private prefill(checklist: { kind: string; uploaded: number }[]): Record<string, string> {
    const values: Record<string, string> = {};
    for (const item of checklist) {
      if (item.kind === 'other') continue;
      const name = `payload.materials.${item.kind}`;
      if (item.kind === 'contractCopies') values[name] = item.uploaded > 0 ? '3' : '0';
      else if (item.uploaded > 0) values[name] = 'true';
    }
    return values;
  }
}
