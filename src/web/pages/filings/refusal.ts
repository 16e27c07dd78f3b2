import { ValidationFailed, type Bilingual, type FieldViolation } from '../../../common/errors/domain-error.js';
import { isFormRefusal, VERSION_CONFLICT_HINT } from '../form-refusal.js';

/** A refused action as the page shows it: its status, messages beside the fields they name, the rest above the form. */
export interface Refusal {
  status: number;
  fieldErrors: FieldViolation[];
  formErrors: Bilingual[];
}

/**
 * The refusal of a domain error a form can cause (4xx but 404, which stays an error page); undefined for
 * anything else, which the caller rethrows.
 */
export function refusalOf(error: unknown): Refusal | undefined {
  if (!isFormRefusal(error)) return undefined;
  if (error instanceof ValidationFailed) return { status: 400, fieldErrors: error.violations, formErrors: [] };
  const listed = (error.extra.errors as FieldViolation[] | undefined) ?? [];
  const formErrors: Bilingual[] = [error.detail ?? error.title];
  if (error.code === 'version-conflict') formErrors.unshift(VERSION_CONFLICT_HINT);
  // A procedure rule's violations (422) each cite their article.
  const violations = (error.extra.violations as { article?: string; message_zh: string; message_en: string }[] | undefined) ?? [];
  if (violations.length) {
    return { status: error.status, fieldErrors: listed, formErrors: violations.map((v) => ({ zh: `${v.message_zh}${v.article ? `（${v.article}）` : ''}`, en: `${v.message_en}${v.article ? ` (${v.article})` : ''}` })) };
  }
  return { status: error.status, fieldErrors: listed, formErrors };
}

export const bilingualOf = (v: FieldViolation): Bilingual => ({ zh: v.message_zh, en: v.message_en });
