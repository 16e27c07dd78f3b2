import { readFileSync } from 'node:fs';
import type { ContractDocument } from '../../../bargaining/contract/contract-document.js';
import { projectPath } from '../../../config/project-root.js';
import type { LoadedCase } from '../../../workflow-engine/case-store.js';
import type { CaseContext } from '../../../workflow-engine/machine/case-context.js';
import type { Representative } from '../../../workflow-engine/payloads/event-payloads.js';
import type { DocumentSource } from '../document-source.js';

// A wage case of 成都蜀锦机械制造有限公司 in 成都市武侯区 (2018), written out by hand as the service
// loads it after each transition: the case row, its context, its deadlines; and an industry case of
// the catering trade. `sourceFor` gives the source of one event of it.

const rep = (name: string, personId: string, over: Partial<Representative> = {}): Representative => ({ name, personId, chief: false, external: false, delegated: false, position: 'other', appointedOn: '2018-03-05', ...over });

export const EMPLOYEE_REPS: Representative[] = [rep('张明华', 'E-001', { chief: true, position: 'union_chair' }), rep('李淑芬', 'E-002'), rep('王志刚', 'E-003')];
export const EMPLOYER_REPS: Representative[] = [rep('王建国', 'R-001', { chief: true, position: 'legal_representative' }), rep('陈立新', 'R-002'), rep('赵晓燕', 'R-003')];

/** The context of a case that has been through the whole procedure up to approval. */
export function fullContext(kind = 'wage', over: Partial<CaseContext> = {}): CaseContext {
  return {
    kind,
    initiatorSide: 'employee',
    offer: { occurredOn: '2018-03-01', subjects: ['2018年度职工工资增长幅度', '企业最低工资标准及工资支付办法', '加班工资计算基数和支付标准'] },
    response: { occurredOn: '2018-03-12', late: false },
    representatives: { employee: EMPLOYEE_REPS, employer: EMPLOYER_REPS },
    talks: { firstMeetingOn: '2018-03-20', place: '公司行政楼三楼会议室', recorder: { name: '刘佳', personId: 'C-101' } },
    sessionsHeld: 2,
    coordination: { rounds: 0, extended: false },
    draft: { occurredOn: '2018-04-10', version: 3 },
    congress: { occurredOn: '2018-04-20', body: 'congress', roster: 120, present: 112, yes: 98, no: 6, abstain: 8, passed: true, reasons: [] },
    term: { start: '2018-05-01', end: '2021-04-30' },
    signedOn: '2018-04-25',
    signedBy: { employee: '张明华', employer: '王建国' },
    filing: { occurredOn: '2018-04-28', late: false },
    materialsRequested: 0,
    objections: 0,
    effectiveOn: '2018-05-10',
    overdue: [],
    ...over,
  };
}

export function loadedCase(over: Partial<LoadedCase> = {}, context: CaseContext = fullContext(over.kind ?? 'wage')): LoadedCase {
  const at = new Date('2018-05-10T02:00:00Z');
  return {
    id: '6f1c2a9e-3b7d-4c55-9a0e-1d2b3c4d5e6f',
    workflowId: 'enterprise-contract',
    workflowVersion: 2,
    workflowHash: 'a'.repeat(64),
    kind: 'wage',
    title: '成都蜀锦机械制造有限公司 工资专项集体合同',
    status: 'under_review',
    snapshot: { value: 'under_review', context: context as unknown as Record<string, unknown> },
    version: 18,
    lastEventHash: 'b'.repeat(64),
    regionCode: '510107',
    industryCode: 'C',
    unionOrgId: '0b7e6c1a-0000-4000-8000-000000000001',
    employerOrgId: '0b7e6c1a-0000-4000-8000-000000000002',
    initiatorSide: 'employee',
    employeesCovered: 860,
    campaignId: null,
    previousCaseId: null,
    nextCaseId: null,
    lastOccurredOn: '2018-05-10',
    overdue: false,
    termEnd: '2021-04-30',
    createdBy: null,
    createdAt: new Date('2018-02-26T01:00:00Z'),
    updatedAt: at,
    enterpriseIds: ['0b7e6c1a-0000-4000-8000-000000000002'],
    enterprises: [{ id: '0b7e6c1a-0000-4000-8000-000000000002', name: '成都蜀锦机械制造有限公司', employees: 860 }],
    unionName: '成都蜀锦机械制造有限公司工会',
    employerName: '成都蜀锦机械制造有限公司',
    deadlines: [
      { key: 'response', dueOn: '2018-03-21', dueAt: '2018-03-21T15:59:59.999Z', onExpiry: 'RESPONSE_DEADLINE_PASSED', basis: { label: { zh: '应约期限', en: 'Response period' } }, warnings: [] },
      { key: 'review', dueOn: '2018-05-14', dueAt: '2018-05-14T15:59:59.999Z', onExpiry: 'REVIEW_DEADLINE_PASSED', basis: { label: { zh: '审查期限', en: 'Review period' } }, warnings: [] },
    ],
    idempotency: null,
    ...over,
  };
}

/** The catering trade's industry case: the trade union, the employers' association, three restaurants. */
export function industryCase(over: Partial<LoadedCase> = {}): LoadedCase {
  return loadedCase(
    {
      kind: 'industry',
      title: '成都市餐饮行业工会联合会 行业性集体合同',
      regionCode: '510100',
      industryCode: 'H',
      unionName: '成都市餐饮行业工会联合会',
      employerName: '成都市餐饮同业公会',
      employeesCovered: 838,
      enterpriseIds: ['e1', 'e2', 'e3'],
      enterprises: [
        { id: 'e1', name: '成都锦江宾馆餐饮管理有限公司', employees: 240 },
        { id: 'e2', name: '成都蓉城老灶火锅有限公司', employees: 186 },
        { id: 'e3', name: '成都天府味道餐饮连锁有限公司', employees: 412 },
      ],
      ...over,
    },
    fullContext('industry'),
  );
}

/** The wage skeleton filled in: lowest wage, increase, overtime pay, the term. */
export function wageDraft(): ContractDocument {
  const skeleton = JSON.parse(readFileSync(projectPath('templates', 'contracts', 'wage.json'), 'utf8')) as ContractDocument;
  const content: ContractDocument = { chapters: structuredClone(skeleton.chapters) };
  for (const chapter of content.chapters) {
    for (const a of chapter.articles) {
      a.text = a.text.replace('____元', '1780元').replace('____%', '6%').replace('__日', '10日');
      if (a.key === 'pay-lowest') a.terms = { ...a.terms, lowestMonthlyWage: 1780 };
      if (a.key === 'pay-increase') a.terms = { ...a.terms, wageIncreasePercent: 6 };
      if (a.key === 'term') {
        a.text = '本合同期限为三年，自2018年5月1日起至2021年4月30日止。期满前三个月内，任何一方均可向对方提出续订要求。';
        a.terms = { termStart: '2018-05-01', termEnd: '2021-04-30' };
      }
    }
  }
  return content;
}

export const SESSION: NonNullable<DocumentSource['session']> = {
  sessionNo: 2,
  heldOn: '2018-03-27',
  place: '公司行政楼三楼会议室',
  agenda: ['2018年度职工工资增长幅度', '企业最低工资标准'],
  recorder: { name: '刘佳' },
  attendance: ['E-001', 'E-002', 'R-001', 'R-002', 'R-003', 'X-999'],
  minutes: '职工方提出工资平均增长7%，企业方提出5.5%。\n经协商，双方同意2018年度职工工资平均增长6%，企业月最低工资为1780元。',
};

export const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" shape-rendering="crispEdges"><path stroke="#000000" d="M0 0.5h7m2 0h1m2 0h7"/></svg>';

/** The source of one event of the case (defaults: the wage case, 成都市武侯区, its bureau). */
export function sourceFor(type: string, payload: Record<string, unknown>, over: Partial<DocumentSource> = {}): DocumentSource {
  return {
    caseRow: loadedCase(),
    event: { type, seq: 7, occurredOn: (payload.occurredOn as string) ?? '2018-05-10', payload },
    regionName: '四川省成都市武侯区',
    bureauName: '成都市武侯区人力资源和社会保障局',
    ...over,
  };
}
