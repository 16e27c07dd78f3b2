import type { Representative } from '../payloads/event-payloads.js';
import type { CaseContext, MachineEvent, Side } from './case-context.js';

// The procedure's own checks, as pure functions. Each returns the rules it finds broken, citing the
// article; an empty list means the guard passes. The machine's guards are these lists being empty,
// and the engine shows the list when a guard refuses an event.

export interface RuleViolation {
  rule: string;
  article: string;
  message_zh: string;
  message_en: string;
}

export type Params = Record<string, number>;
type Rule = (context: CaseContext, event: MachineEvent, params: Params) => RuleViolation[];

const v = (rule: string, article: string, zh: string, en: string): RuleViolation => ({ rule, article, message_zh: zh, message_en: en });
const SIDE_ZH: Record<Side, string> = { employee: '职工方', employer: '用人单位方' };

/** CCP Arts 19–24: at least N a side, equal numbers, one chief each, experts ≤ 1/3 and never chief, nobody on both sides. */
export const representativesRule: Rule = (context, _event, params) => {
  const out: RuleViolation[] = [];
  const { employee, employer } = context.representatives;
  const min = params.minRepresentativesPerSide;
  const max = params.maxRepresentativesPerSide;
  for (const [side, members] of [['employee', employee], ['employer', employer]] as [Side, Representative[]][]) {
    const zh = SIDE_ZH[side];
    if (members.length < min) out.push(v('representatives.minimum', 'CCP Art 19', `${zh}协商代表不足 ${min} 人（现 ${members.length} 人）`, `${side} side has fewer than ${min} representatives (${members.length})`));
    if (max > 0 && members.length > max) out.push(v('representatives.maximum', 'CCP Art 19', `${zh}协商代表超过 ${max} 人`, `${side} side has more than ${max} representatives`));
    const chiefs = members.filter((m) => m.chief);
    if (members.length > 0 && chiefs.length !== 1) out.push(v('representatives.oneChief', 'CCP Art 19', `${zh}须有且仅有一名首席代表（现 ${chiefs.length} 名）`, `${side} side needs exactly one chief representative (${chiefs.length})`));
    const head = side === 'employee' ? 'union_chair' : 'legal_representative';
    for (const chief of chiefs) {
      if (chief.external) out.push(v('representatives.expertNotChief', 'CCP Art 23', `外聘专家 ${chief.name} 不得担任首席代表`, `external expert ${chief.name} may not be chief representative`));
      else if (chief.position !== head && !chief.delegated) {
        out.push(
          side === 'employee'
            ? v('representatives.employeeChief', 'CCP Art 20', `职工方首席代表应为工会主席或其书面委托的人员（${chief.name}）`, `the employee chief must be the union chair or a written delegate (${chief.name})`)
            : v('representatives.employerChief', 'CCP Art 21', `用人单位方首席代表应为法定代表人或其书面委托的人员（${chief.name}）`, `the employer chief must be the legal representative or a written delegate (${chief.name})`),
        );
      }
    }
    const experts = members.filter((m) => m.external);
    if (experts.length * params.expertShareDenominator > members.length * params.expertShareNumerator) {
      out.push(v('representatives.expertShare', 'CCP Art 23', `${zh}外聘专家超过代表人数的 ${params.expertShareNumerator}/${params.expertShareDenominator}`, `${side} side has more than ${params.expertShareNumerator}/${params.expertShareDenominator} external experts`));
    }
    for (const expert of experts) {
      if (!expert.delegated) out.push(v('representatives.expertDelegation', 'CCP Art 23', `外聘专家 ${expert.name} 须有书面委托`, `external expert ${expert.name} needs a written delegation`));
    }
  }
  if (employee.length !== employer.length) out.push(v('representatives.equal', 'CCP Art 19', `双方协商代表人数应当对等（${employee.length} 对 ${employer.length}）`, `both sides need equal numbers of representatives (${employee.length} vs ${employer.length})`));
  const employerIds = new Set(employer.map((m) => m.personId));
  for (const m of employee.filter((e) => employerIds.has(e.personId))) {
    out.push(v('representatives.bothSides', 'CCP Art 24', `${m.name} 不得同时担任双方协商代表`, `${m.name} may not represent both sides`));
  }
  return out;
};

/** Art 33: the recorder is jointly named and is not a representative. */
export const recorderRule: Rule = (context, event) => {
  const recorder = event.payload.recorder as { personId?: string; name?: string } | undefined;
  const all = [...context.representatives.employee, ...context.representatives.employer];
  return recorder && all.some((m) => m.personId === recorder.personId)
    ? [v('talks.recorderNotRepresentative', 'CCP Art 33', `记录员 ${recorder.name} 不得由协商代表兼任`, `the recorder ${recorder.name} may not be a representative`)]
    : [];
};

export const talksReadyRule: Rule = (context, event, params) => [...representativesRule(context, event, params), ...recorderRule(context, event, params)];

/** Art 36: at least 2/3 of the roster present, and yes from more than half of the whole roster. */
export const congressRule: Rule = (_context, event, params) => {
  const { roster, present, yes } = event.payload as unknown as { roster: number; present: number; yes: number };
  const out: RuleViolation[] = [];
  const num = params.congressQuorumNumerator;
  const den = params.congressQuorumDenominator;
  if (present * den < roster * num) out.push(v('congress.quorum', 'CCP Art 36', `出席人数 ${present} 未达应到人数 ${roster} 的 ${num}/${den}`, `${present} present is less than ${num}/${den} of the roster of ${roster}`));
  if (yes * 2 <= roster) out.push(v('congress.majority', 'CCP Art 36', `赞成 ${yes} 票未超过全体应到人数 ${roster} 的半数`, `${yes} yes votes are not more than half of the whole roster of ${roster}`));
  return out;
};

/** Art 38: a term of 1 to 3 years. */
export const termRule: Rule = (_context, event, params) => {
  const { termStart, termEnd } = event.payload as unknown as { termStart: string; termEnd: string };
  const start = new Date(`${termStart}T00:00:00Z`);
  const minEnd = new Date(start);
  minEnd.setUTCFullYear(start.getUTCFullYear() + params.termMinYears);
  const maxEnd = new Date(start);
  maxEnd.setUTCFullYear(start.getUTCFullYear() + params.termMaxYears);
  const end = new Date(`${termEnd}T00:00:00Z`);
  // A one-year term starting 2019-01-01 ends on 2019-12-31: the end date is the last day of the term.
  end.setUTCDate(end.getUTCDate() + 1);
  return end < minEnd || end > maxEnd
    ? [v('term.length', 'CCP Art 38', `集体合同期限应为 ${params.termMinYears} 至 ${params.termMaxYears} 年（${termStart} 至 ${termEnd}）`, `the term must be ${params.termMinYears} to ${params.termMaxYears} years (${termStart} to ${termEnd})`)]
    : [];
};

const SPECIAL_KINDS = new Set(['wage', 'women_workers', 'safety_health']);

/** Arts 42–43 and local review rules: what must accompany a filing. */
export const filingRule: Rule = (context, event) => {
  const m = (event.payload.materials ?? {}) as Record<string, unknown>;
  const out: RuleViolation[] = [];
  if (typeof m.contractCopies !== 'number' || m.contractCopies < 3) out.push(v('filing.copies', 'CCP Art 42', '须报送集体合同文本一式三份', 'three copies of the contract text are required'));
  const required: [string, string, string][] = [
    ['bargainingNarrative', '集体协商情况说明', 'a narrative of the bargaining'],
    ['congressResolution', '职工代表大会（职工大会）审议通过的决议', 'the congress resolution'],
    ['representativesList', '双方协商代表名单及首席代表身份证明、委托书', 'the representatives list with the chiefs’ credentials'],
    ['minutesSigned', '双方首席代表签字的协商会议记录', 'minutes signed by both chiefs'],
  ];
  for (const [key, zh, en] of required) if (m[key] !== true) out.push(v(`filing.${key}`, 'CCP Art 43', `缺少报送材料：${zh}`, `missing filing material: ${en}`));
  if (SPECIAL_KINDS.has(context.kind) && m.specialData !== true) {
    out.push(v('filing.specialData', 'CCP Art 43', '专项集体合同须附工资、职业危害或女职工等相关资料', 'a special contract needs its wage, occupational-hazard or women-worker data'));
  }
  return out;
};

export const lateFilingRule: Rule = (context, event, params) => {
  const out = filingRule(context, event, params);
  if (typeof event.payload.delayExplanation !== 'string' || event.payload.delayExplanation.trim() === '') {
    out.push(v('filing.delayExplanation', 'CCP Art 42', '逾期报送须书面说明理由', 'a late filing needs a written explanation of the delay'));
  }
  return out;
};

/** Art 52: the coordination period may be extended once. */
export const notYetExtendedRule: Rule = (context) =>
  context.coordination.extended ? [v('coordination.extendOnce', 'CCP Art 52', '协调处理期限只能延长一次', 'the coordination period may be extended only once')] : [];

/** Arts 20–21, 30: each side appoints and may replace its own team; an account linked to a seat must be that side's. */
export const appointmentLawfulRule: Rule = (_context, event) => {
  const members = (event.payload.members ?? []) as Representative[];
  const seen = new Set<string>();
  const twice = members.filter((m) => seen.has(m.personId) || !seen.add(m.personId));
  return [
    ...twice.map((m) => v('representatives.unique', 'CCP Art 19', `${m.name}（${m.personId}）在名单中出现两次`, `${m.name} (${m.personId}) is listed twice`)),
    ...(event.facts?.accountProblems ?? []).map((p) => v('representatives.account', p.article, p.message_zh, p.message_en)),
  ];
};

const ART28_ZH: Record<string, string> = { serious_discipline_breach: '严重违反劳动纪律或用人单位依法制定的规章制度', serious_dereliction: '严重失职、营私舞弊，对用人单位利益造成重大损害', criminal_liability: '被依法追究刑事责任' };

/** Art 28: during the term, an employee representative's labour contract ends only on its grounds; the person must sit on the actor's side. */
export const departureLawfulRule: Rule = (context, event) => {
  const side = event.actor.side;
  if (!side) return [];
  const { personId, reason, ground } = event.payload as { personId?: string; reason?: string; ground?: string };
  const member = context.representatives[side].find((m) => m.personId === personId);
  if (!member) return [v('representatives.notMember', 'CCP Art 31', `${personId} 不是${SIDE_ZH[side]}现任协商代表`, `${personId} is not a current ${side} representative`)];
  const protectedTerm = side === 'employee' && (!member.termEndsOn || event.payload.occurredOn <= member.termEndsOn);
  if (protectedTerm && reason === 'contract_ended') {
    return [
      v(
        'representatives.contractExtended',
        'CCP Art 28',
        `职工方协商代表 ${member.name} 在履职期间劳动合同期满的，劳动合同期限自动延长至完成履行协商代表职责之时`,
        `employee representative ${member.name}'s labour contract is extended to the end of the term of office; it does not end during it`,
      ),
    ];
  }
  if (protectedTerm && reason === 'dismissed' && !(ground && ground in ART28_ZH)) {
    return [
      v(
        'representatives.protected',
        'CCP Art 28',
        `职工方协商代表 ${member.name} 在履职期间，用人单位仅得以下列情形之一解除劳动合同：${Object.values(ART28_ZH).join('；')}`,
        `during the term, employee representative ${member.name} may be dismissed only for serious breach of discipline, serious dereliction causing major damage, or criminal liability`,
      ),
    ];
  }
  return [];
};

const select = (why: string): RuleViolation => v(`select.${why}`, '', why, why);

/** REPRESENTATIVE_LEFT of this side with no vacancy open on it yet: the 15-day period starts (Art 31). */
const opensVacancy =
  (side: Side): Rule =>
  (context, event, params) => {
    const lawful = departureLawfulRule(context, event, params);
    if (lawful.length) return lawful;
    return event.actor.side === side && !context.vacancies?.[side] ? [] : [select(`no new ${side} vacancy`)];
  };

/** An appointment of this side that restores the seats it had before its vacancy: the period ends. */
const fillsVacancy =
  (side: Side): Rule =>
  (context, event, params) => {
    const lawful = appointmentLawfulRule(context, event, params);
    if (lawful.length) return lawful;
    const vacancy = context.vacancies?.[side];
    const members = (event.payload.members ?? []) as Representative[];
    return event.actor.side === side && vacancy && members.length >= vacancy.seats ? [] : [select(`${side} vacancy not filled`)];
  };

/** The compliance checker's blocking findings on the draft (looked up by the service, passed in as facts). */
export const contentCompliantRule: Rule = (_context, event) =>
  (event.facts?.blockingFindings ?? []).map((f) => v(`compliance.${f.id}`, f.article, f.message_zh, f.message_en));

/** Art 31: a seat left vacant is filled before the teams agree the draft. */
export const noVacancyRule: Rule = (context) =>
  Object.entries(context.vacancies ?? {}).map(([side, open]) =>
    v('representatives.vacancy', 'CCP Art 31', `${SIDE_ZH[side as Side]}自 ${open!.since} 起的协商代表空缺尚未补足`, `the ${side} side's vacancy since ${open!.since} is not filled yet`),
  );

export const draftAgreeableRule: Rule = (context, event, params) => [...representativesRule(context, event, params), ...noVacancyRule(context, event, params), ...contentCompliantRule(context, event, params)];

export const signableRule: Rule = (context, event, params) => [...termRule(context, event, params), ...contentCompliantRule(context, event, params)];

/** Named guards the workflow files may use. */
export const GUARD_RULES: Record<string, Rule> = {
  representativesValid: representativesRule,
  talksReady: talksReadyRule,
  congressPassed: congressRule,
  termValid: termRule,
  filingComplete: filingRule,
  lateFilingComplete: lateFilingRule,
  notYetExtended: notYetExtendedRule,
  appointmentLawful: appointmentLawfulRule,
  departureLawful: departureLawfulRule,
  opensEmployeeVacancy: opensVacancy('employee'),
  opensEmployerVacancy: opensVacancy('employer'),
  fillsEmployeeVacancy: fillsVacancy('employee'),
  fillsEmployerVacancy: fillsVacancy('employer'),
  draftAgreeable: draftAgreeableRule,
  signable: signableRule,
};
