import type { Bilingual } from '../../../common/errors/domain-error.js';
import type { Side } from '../../../workflow-engine/machine/case-context.js';
import { representativesRule, type Params, type RuleViolation } from '../../../workflow-engine/machine/procedure-rules.js';
import { REPRESENTATIVE_POSITIONS, type Representative } from '../../../workflow-engine/payloads/event-payloads.js';
import { textOf } from './workspace-page.js';

// The team form: rows of representatives (`m.<row>.<field>`, one radio `chief` naming the chief's row), blank
// rows ignored, so no script is needed to add one. The rows become the side's whole list for the API.

/** Rows the form offers beyond the members already listed (at least this many rows in all). */
export const MIN_ROWS = 5;
const EXTRA_ROWS = 2;

export const POSITION_LABELS: Record<(typeof REPRESENTATIVE_POSITIONS)[number], Bilingual> = {
  union_chair: { zh: '工会主席', en: 'Union chair' },
  legal_representative: { zh: '法定代表人', en: 'Legal representative' },
  other: { zh: '其他人员', en: 'Other' },
};

export interface TeamRow {
  index: number;
  name: string;
  personId: string;
  position: string;
  chief: boolean;
  external: boolean;
  delegated: boolean;
  delegationRef: string;
  termEndsOn: string;
  userId: string;
  appointedOn: string;
  errors: Bilingual[];
}

const blankRow = (index: number): TeamRow => ({ index, name: '', personId: '', position: 'other', chief: false, external: false, delegated: false, delegationRef: '', termEndsOn: '', userId: '', appointedOn: '', errors: [] });

/** The rows to show: the side's members (or what was posted), then blank rows. */
export function rowsFor(members: Representative[], defaultUserId?: string): TeamRow[] {
  const rows = members.map((m, index): TeamRow => ({
    ...blankRow(index),
    name: m.name,
    personId: m.personId,
    position: m.position,
    chief: m.chief,
    external: m.external,
    delegated: m.delegated,
    delegationRef: m.delegationRef ?? '',
    termEndsOn: m.termEndsOn ?? '',
    userId: m.userId ?? '',
    appointedOn: m.appointedOn ?? '',
  }));
  const total = Math.max(MIN_ROWS, rows.length + EXTRA_ROWS);
  for (let i = rows.length; i < total; i++) rows.push(blankRow(i));
  // A first list: the first row is offered as the chief's, linked to the account filling the form.
  if (members.length === 0 && defaultUserId) Object.assign(rows[0], { chief: true, userId: defaultUserId });
  return rows;
}

/** The posted rows (as entered, to show again) and the filled ones as the API's members, with each member's row. */
export function readRows(values: Record<string, string>): { rows: TeamRow[]; members: Representative[]; rowOf: number[] } {
  const indexes = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = /^m\.(\d{1,2})\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  const chiefRow = values.chief;
  const rows = [...indexes].sort((a, b) => a - b).map((index): TeamRow => {
    const f = (name: string) => values[`m.${index}.${name}`] ?? '';
    return {
      ...blankRow(index),
      name: f('name').trim(),
      personId: f('personId').trim(),
      position: f('position'),
      chief: chiefRow === String(index),
      external: f('external') === 'true',
      delegated: f('delegated') === 'true',
      delegationRef: f('delegationRef').trim(),
      termEndsOn: f('termEndsOn'),
      userId: f('userId'),
      appointedOn: f('appointedOn'),
    };
  });
  const filled = rows.filter((r) => r.name || r.personId);
  const members = filled.map(
    (r) =>
      Object.fromEntries(
        Object.entries({
          name: r.name,
          personId: r.personId,
          chief: r.chief,
          external: r.external,
          delegated: r.delegated,
          position: r.position,
          userId: textOf(r.userId),
          appointedOn: textOf(r.appointedOn),
          termEndsOn: textOf(r.termEndsOn),
          delegationRef: textOf(r.delegationRef),
        }).filter(([, v]) => v !== undefined),
      ) as unknown as Representative,
  );
  // Shown again with at least the usual number of rows.
  for (let i = rows.length ? rows[rows.length - 1].index + 1 : 0; rows.length < MIN_ROWS; i++) rows.push(blankRow(i));
  return { rows, members, rowOf: filled.map((r) => r.index) };
}

/**
 * The Arts 19–24 rules that concern this side's list alone (at least three, one chief who is the union chair or
 * legal representative or delegated, experts at most a third and delegated, nobody on both sides): the API's own
 * rule, run on the list with the other side as it stands. Equal numbers are the two sides' joint matter: shown, not
 * refused here (each side fills its team in turn).
 */
export function ownSideViolations(side: Side, members: Representative[], other: Representative[], params: Params): RuleViolation[] {
  const otherSide: Side = side === 'employee' ? 'employer' : 'employee';
  const context = (otherMembers: Representative[]) => ({ representatives: { [side]: members, [otherSide]: otherMembers } }) as never;
  const event = { type: 'CHECK', payload: { occurredOn: '' }, actor: { role: 'system' } } as never;
  // With the other side empty its only finding is its own minimum (and the equal numbers): left out.
  const alone = representativesRule(context([]), event, params).filter((v) => v.rule !== 'representatives.equal' && !v.message_en.startsWith(`${otherSide} side`));
  const both = representativesRule(context(other), event, params).filter((v) => v.rule === 'representatives.bothSides');
  return [...alone, ...both];
}
