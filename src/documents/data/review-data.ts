import { date } from '../templates/template-helpers.js';
import { DocumentSourceIncomplete, type DocumentSource } from './document-source.js';
import {
  bureauOf,
  chiefOf,
  congressName,
  contextOf,
  contractTitle,
  deadlineDue,
  defined,
  employerName,
  parties,
  PUBLISH_DAYS,
  REVIEW_DAYS,
  text,
  texts,
} from './source-facts.js';

// After the talks: the congress's resolution, the filing and the bureau's receipt and opinion, and the
// agreement that ends a coordination.

const count = (value: unknown, field: string, type: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new DocumentSourceIncomplete(type, `${field} in the payload`);
  return value;
};

/** CONGRESS_VOTED (passed or not) → 职工代表大会决议 with the roster, attendance and votes (CCP Art 36). */
export function congressResolutionData(source: DocumentSource): Record<string, unknown> {
  const { event } = source;
  const p = event.payload;
  const body = p.body === 'all_employees' ? 'all_employees' : 'congress';
  const [roster, present, yes, no, abstain] = (['roster', 'present', 'yes', 'no', 'abstain'] as const).map((k) => count(p[k], k, event.type));
  const quorumMet = present * 3 >= roster * 2;
  const majorityMet = yes * 2 > roster;
  // The machine's record of this vote (workflow parameters applied) decides; the law's 2/3 and 1/2 otherwise.
  const recorded = contextOf(source).congress;
  const record = recorded && recorded.occurredOn === event.occurredOn && recorded.roster === roster && recorded.yes === yes ? recorded : undefined;
  const passed = record ? record.passed : quorumMet && majorityMet;
  const reasons = record
    ? record.reasons.map((r) => r.zh)
    : [
        ...(quorumMet ? [] : [`出席人数 ${present} 未达应到人数 ${roster} 的 2/3`]),
        ...(majorityMet ? [] : [`赞成 ${yes} 票未超过全体应到人数 ${roster} 的半数`]),
      ];
  const name = congressName(source, body);
  const objections = texts(p.objections);
  const context = contextOf(source);
  return defined({
    title: `${name}决议`,
    subtitle: passed ? `（${date(event.occurredOn)}${name}通过）` : undefined,
    congressName: name,
    body,
    contractTitle: contractTitle(source),
    draftVersion: context.draft?.version ?? source.draft?.version,
    heldOn: event.occurredOn,
    roster,
    present,
    yes,
    no,
    abstain,
    quorumMet,
    majorityMet,
    passed,
    reasons: passed ? [] : reasons,
    objections: objections.length ? objections : undefined,
    sender: { name },
    issuedOn: event.occurredOn,
  });
}

const SPECIAL_DATA: Record<string, string> = {
  wage: '企业工资水平、工资总额及职工工资增长等相关资料',
  women_workers: '女职工人数、特殊劳动保护及权益保障等相关资料',
  safety_health: '职业危害因素、劳动安全卫生条件等相关资料',
};

interface FilingItem {
  name: string;
  required: boolean;
  provided: boolean;
  copies?: number;
  note?: string;
}

/** The materials of a filing (CCP Art 42 and local review rules), each provided or missing. */
function filingItems(source: DocumentSource): { items: FilingItem[]; late: boolean; delayExplanation?: string } {
  const { event, caseRow } = source;
  const m = (event.payload.materials ?? {}) as Record<string, unknown>;
  const copies = typeof m.contractCopies === 'number' ? m.contractCopies : 0;
  const items: FilingItem[] = [
    { name: '集体合同文本（一式三份）', required: true, provided: copies >= 3, copies },
    { name: '集体协商情况说明', required: true, provided: m.bargainingNarrative === true, note: '含协商代表产生情况、协商会议情况、主要议题和上一期集体合同履行情况' },
    { name: '职工代表大会（职工大会）审议通过的决议', required: true, provided: m.congressResolution === true, note: '含应到、实到人数及表决情况' },
    { name: '双方协商代表名单及首席代表身份证明、书面委托书', required: true, provided: m.representativesList === true },
    { name: '经双方首席代表签字的协商会议记录', required: true, provided: m.minutesSigned === true },
  ];
  const special = SPECIAL_DATA[caseRow.kind];
  if (special) items.push({ name: special, required: true, provided: m.specialData === true });
  else if (m.specialData === true) items.push({ name: '其他相关资料', required: false, provided: true });
  const delayExplanation = text(event.payload.delayExplanation);
  const filing = contextOf(source).filing;
  const late = (filing?.occurredOn === event.occurredOn && filing.late) || delayExplanation !== undefined;
  if (late) items.push({ name: '逾期报送的书面说明', required: true, provided: delayExplanation !== undefined });
  return { items: items.map((i) => defined({ ...i })), late, delayExplanation };
}

/** FILED → 集体合同报送材料清单, from the employer side to the bureau (CCP Art 42). */
export function filingListData(source: DocumentSource): Record<string, unknown> {
  const { event } = source;
  const { items, late, delayExplanation } = filingItems(source);
  return defined({
    sender: { name: employerName(source) },
    addressee: { name: bureauOf(source) },
    unionName: source.caseRow.unionName,
    contractTitle: contractTitle(source),
    signedOn: contextOf(source).signedOn ?? event.occurredOn,
    items,
    complete: items.every((i) => i.provided || !i.required),
    late,
    delayExplanation,
    issuedOn: event.occurredOn,
  });
}

/** FILED → 受理回执 from the bureau: the review runs 15 days from receipt (CCP Art 47). */
export function filingReceiptData(source: DocumentSource): Record<string, unknown> {
  const { event } = source;
  const { items } = filingItems(source);
  const missing = items.filter((i) => i.required && !i.provided).map((i) => i.name);
  return defined({
    sender: { name: bureauOf(source) },
    addressee: { name: employerName(source) },
    contractTitle: contractTitle(source),
    filedOn: event.occurredOn,
    signedOn: contextOf(source).signedOn,
    accepted: missing.length === 0,
    reviewDays: REVIEW_DAYS,
    reviewDueOn: missing.length === 0 ? deadlineDue(source, 'review') : undefined,
    missing: missing.length ? missing : undefined,
    issuedOn: event.occurredOn,
  });
}

/** OBJECTION_ISSUED (findings per article, Art 45) and APPROVED → 审查意见书, to both parties. */
export function reviewOpinionData(source: DocumentSource): Record<string, unknown> {
  const { event } = source;
  const context = contextOf(source);
  const objection = event.type === 'OBJECTION_ISSUED';
  const findings = Array.isArray(event.payload.findings)
    ? (event.payload.findings as { article?: unknown; issue?: unknown }[]).map((f) => ({ article: text(f.article) ?? '', issue: text(f.issue) ?? '' })).filter((f) => f.article && f.issue)
    : [];
  if (objection && findings.length === 0) throw new DocumentSourceIncomplete(event.type, 'findings in the payload');
  const both = parties(source);
  return defined({
    sender: { name: bureauOf(source) },
    addressee: { name: `${both.employer}、${both.union}` },
    parties: both,
    contractTitle: contractTitle(source),
    receivedOn: context.filing?.occurredOn ?? event.occurredOn,
    outcome: objection ? 'objection' : 'approved',
    findings: objection ? findings : undefined,
    effectiveOn: objection ? undefined : (context.effectiveOn ?? event.occurredOn),
    publishDays: PUBLISH_DAYS,
    reviewDays: REVIEW_DAYS,
    issuedOn: event.occurredOn,
  });
}

const APPLICATIONS = new Set(['DISPUTE_RAISED', 'COORDINATION_REQUESTED']);

/** COORDINATION_CONCLUDED → 协调处理协议书: application, facts, result (CCP Art 54). */
export function coordinationAgreementData(source: DocumentSource): Record<string, unknown> {
  const { event } = source;
  const p = event.payload;
  const context = contextOf(source);
  const result = text(p.summary);
  if (!result) throw new DocumentSourceIncomplete(event.type, 'summary in the payload');
  const applied = context.lastReason && APPLICATIONS.has(context.lastReason.event) ? context.lastReason : undefined;
  return defined({
    letterNo: text(p.agreementNo),
    sender: { name: bureauOf(source) },
    parties: parties(source),
    application: applied && text(applied.reason)
      ? { text: applied.reason.trim(), appliedOn: applied.occurredOn }
      : { text: '争议一方依照《集体合同规定》第四十九条，向劳动行政部门书面提出协调处理申请。' },
    facts: text(p.note),
    result,
    chiefs: defined({ employee: chiefOf(context, 'employee'), employer: chiefOf(context, 'employer') }),
    issuedOn: event.occurredOn,
  });
}
