import { Inject, Injectable, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { CaseView } from '../../../bargaining/dto/case.dto.js';
import type { Actor } from '../../../common/auth/actor.js';
import { ValidationFailed, type Bilingual, type FieldViolation } from '../../../common/errors/domain-error.js';
import { createValidationPipe } from '../../../common/validation/validation-pipe.js';
import { CaseWorkflowService } from '../../../workflow-engine/case-workflow.service.js';
import type { Params, RuleViolation } from '../../../workflow-engine/machine/procedure-rules.js';
import { isFormRefusal } from '../form-refusal.js';
import { HomeService } from '../home.service.js';
import type { Lang } from '../i18n.js';
import { PageRenderer, type PageUser } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { readForm } from '../read-form.js';

/** What a refused form shows: the status, messages by field (the form's own names) and for the whole form. */
export interface Refusal {
  status: number;
  fields: Record<string, Bilingual[]>;
  messages: Bilingual[];
}

const pipe = createValidationPipe();

/** The API's own validation of a body (the DTO's rules, unknown fields refused): ValidationFailed with the fields named. */
export async function validateAs<T>(dto: Type<T>, value: Record<string, unknown>): Promise<T> {
  return (await pipe.transform(value, { type: 'body', metatype: dto })) as T;
}

/**
 * A domain error as the page shows it, or undefined when the page should not handle it (a 404 of a case out of
 * reach, a 5xx: the page filter answers those). `field` maps an API field name to the form's field name.
 */
export function refusalOf(error: unknown, field: (name: string) => string = (n) => n): Refusal | undefined {
  if (!isFormRefusal(error)) return undefined;
  const out: Refusal = { status: error.status, fields: {}, messages: [] };
  if (error instanceof ValidationFailed) {
    for (const v of error.violations) addField(out, field(v.field), v);
    return out;
  }
  const violations = error.extra.violations as RuleViolation[] | undefined;
  if (Array.isArray(violations) && violations.length) out.messages.push(...violations.map(ruleMessage));
  else out.messages.push(error.detail ?? error.title);
  return out;
}

export function addField(r: Refusal, name: string, v: FieldViolation | Bilingual) {
  const message = 'message_zh' in v ? { zh: v.message_zh, en: v.message_en } : v;
  (r.fields[name] ??= []).push(message);
}

export const ruleMessage = (v: RuleViolation): Bilingual => ({ zh: `${v.message_zh}（${v.article}）`, en: `${v.message_en} (${v.article})` });

/** Integer fields of a form: a number when the text is one, else the text itself (the DTO's rule then names it). */
export function intOf(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return /^-?\d{1,12}$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** Lines of a textarea, trimmed, blank ones dropped. */
export const linesOf = (value: string | undefined): string[] => (value ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** A text field: trimmed, absent when blank (optional fields are left out, as the API wants). */
export const textOf = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** The shared part of the three workspace pages: the case, the layout's user, rendering, the posted form with its CSRF check. */
@Injectable()
export class WorkspacePage {
  constructor(
    @Inject(HomeService) private readonly home: HomeService,
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
  ) {}

  /** The province's numbers of the case's procedure version (3 a side, 1/3 experts, 2/3 quorum…). */
  params(view: CaseView): Params {
    return this.engine.workflowOf({ workflowId: view.workflow.id, workflowVersion: view.workflow.version, workflowHash: view.workflow.hash }).definition.parameters;
  }

  today(): string {
    return this.home.today();
  }

  /** The case as the API shows it to the caller (404 when out of reach). */
  caseView(actor: Actor, id: string): Promise<CaseView> {
    return this.cases.view(actor, id);
  }

  /** The posted form, its CSRF token checked (403 page otherwise). */
  async form(req: Request): Promise<Record<string, string>> {
    const values = await readForm(req);
    this.session.requireCsrf(req, values.csrf);
    return values;
  }

  async render(req: Request, res: Response, actor: Actor, status: number, view: string, title: string, context: Record<string, unknown>) {
    const lang: Lang = this.pages.langOf(req, res);
    const user: PageUser = await this.session.user(actor, req, lang);
    this.pages.render(req, res, status, view, { lang, title: 'colCase', pageTitle: title, user, csrf: user.csrf, failed: status >= 400, ...context });
  }

  /** The active accounts of the caller's organisation in the caller's role: a seat may be linked to one (the chief confirms from it). */
  async sideAccounts(actor: Actor): Promise<{ id: string; name: string }[]> {
    const rows: { id: string; display_name: string; username: string }[] = await this.dataSource.query(
      'SELECT id, display_name, username FROM users WHERE organisation_id = $1 AND role = $2 AND active ORDER BY username',
      [actor.organisationId, actor.role],
    );
    return rows.map((r) => ({ id: r.id, name: `${r.display_name}（${r.username}）` }));
  }
}
