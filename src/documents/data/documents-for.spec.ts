import { describe, expect, it } from '@jest/globals';
import { DOCUMENT_EVENT_TYPES } from '../document-events.js';
import { TemplateRegistry } from '../templates/template-registry.js';
import { DocumentSourceIncomplete, type DocumentSource } from './document-source.js';
import { DOCUMENT_EVENTS, documentsFor } from './documents-for.js';
import { TEMPLATE_TITLES_ZH } from './source-facts.js';
import { fullContext, industryCase, loadedCase, QR_SVG, SESSION, sourceFor, wageDraft } from './testing/document-source-fixtures.js';

const registry = new TemplateRegistry();

/** documentsFor, each document's data checked against its template and rendered; its title the page's. */
function produce(source: DocumentSource) {
  const docs = documentsFor(source);
  for (const doc of docs) {
    expect({ template: doc.templateId, problems: registry.validate(doc.templateId, doc.data) }).toEqual({ template: doc.templateId, problems: [] });
    const page = registry.render(doc.templateId, doc.data);
    expect(page.title).toBe(doc.title);
    expect(JSON.parse(JSON.stringify(doc.data))).toEqual(doc.data); // plain JSON: stored beside the PDF and hashed
  }
  return docs.map((d) => ({ ...d, html: registry.render(d.templateId, d.data).html }));
}

const draft = { version: 3, content: wageDraft() };
const verification = { code: 'c0ffee'.repeat(10) + 'abcd', qrSvg: QR_SVG, url: '/api/documents/verify/c0ffee' };

// One realistic event of each type that produces documents, as recorded on the wage case.
const EVENTS: [string, Record<string, unknown>, Partial<DocumentSource>?][] = [
  ['OFFER_ISSUED', { occurredOn: '2018-03-01', subjects: ['2018年度职工工资增长幅度', '企业最低工资标准及工资支付办法'], proposedMeetingOn: '2018-03-20', proposedPlace: '公司行政楼三楼会议室', letterNo: '蜀锦工〔2018〕3号' }],
  ['RENEWAL_OFFERED', { occurredOn: '2021-02-01', subjects: ['续订工资专项集体合同'] }],
  ['RESPONSE_AGREED', { occurredOn: '2018-03-12', additionalSubjects: ['职工技能等级与岗位工资挂钩办法'] }],
  ['RESPONSE_REFUSED', { occurredOn: '2018-03-12', reason: '企业正在进行重组，经营状况尚不明朗。\n待重组完成后再行协商。' }],
  ['TALKS_SCHEDULED', { occurredOn: '2018-03-13', firstMeetingOn: '2018-03-20', place: '公司行政楼三楼会议室', agenda: ['工资增长幅度', '最低工资'], recorder: { name: '刘佳', personId: 'C-101' } }],
  ['SESSION_HELD', { occurredOn: '2018-03-28', sessionNo: 2, minutesSignedByBothChiefs: true, summary: '双方就工资增长幅度达成一致。', heldOn: '2018-03-27' }, { session: SESSION }],
  ['DRAFT_AGREED', { occurredOn: '2018-04-10', signedByBothChiefs: true, draftVersion: 3 }, { draft }],
  ['CONGRESS_VOTED', { occurredOn: '2018-04-20', body: 'congress', roster: 120, present: 112, yes: 98, no: 6, abstain: 8 }, { draft }],
  ['SIGNED', { occurredOn: '2018-04-25', employeeChief: '张明华', employerChief: '王建国', termStart: '2018-05-01', termEnd: '2021-04-30', draftVersion: 3 }, { draft, verification }],
  ['FILED', { occurredOn: '2018-04-28', materials: { contractCopies: 3, bargainingNarrative: true, congressResolution: true, representativesList: true, minutesSigned: true, specialData: true } }],
  ['OBJECTION_ISSUED', { occurredOn: '2018-05-10', findings: [{ article: '第三条', issue: '约定的月最低工资低于本地区最低工资标准。' }] }],
  ['APPROVED', { occurredOn: '2018-05-10' }],
  ['COORDINATION_CONCLUDED', { occurredOn: '2018-03-30', agreementNo: '武人社协〔2018〕2号', summary: '企业同意于2018年4月10日前开展工资集体协商。' }],
];

const EXPECTED: Record<string, string[]> = {
  OFFER_ISSUED: ['offer-letter'],
  RENEWAL_OFFERED: ['offer-letter'],
  RESPONSE_AGREED: ['response-agreed'],
  RESPONSE_REFUSED: ['response-refused'],
  TALKS_SCHEDULED: ['meeting-notice'],
  SESSION_HELD: ['minutes'],
  DRAFT_AGREED: ['contract-wage'],
  CONGRESS_VOTED: ['congress-resolution'],
  SIGNED: ['contract-wage'],
  FILED: ['filing-list', 'filing-receipt'],
  OBJECTION_ISSUED: ['review-opinion'],
  APPROVED: ['review-opinion'],
  COORDINATION_CONCLUDED: ['coordination-agreement'],
};

describe('documentsFor', () => {
  it('covers every event that writes an outbox row, and nothing else', () => {
    expect([...DOCUMENT_EVENTS].sort()).toEqual([...DOCUMENT_EVENT_TYPES].sort());
    expect(EVENTS.map(([type]) => type).sort()).toEqual([...DOCUMENT_EVENTS].sort());
  });

  // A rest parameter: with three named ones Jest would take the third for `done` on two-element rows.
  it.each(EVENTS)('%s → its documents, with data its templates accept', (...[type, payload, extra]) => {
    const docs = produce(sourceFor(type, payload, extra));
    expect(docs.map((d) => d.templateId)).toEqual(EXPECTED[type]);
  });

  it('produces nothing for events that make no paper', () => {
    for (const type of ['WITHDRAWN', 'SUSPENDED', 'RESUMED', 'REPRESENTATIVES_APPOINTED', 'PUBLISHED', 'RESPONSE_DEADLINE_PASSED', 'REVIEW_DEADLINE_PASSED']) {
      expect(documentsFor(sourceFor(type, { occurredOn: '2018-05-10' }))).toEqual([]);
    }
  });

  it('keeps the template titles the JSON files declare', () => {
    for (const t of registry.list()) expect(TEMPLATE_TITLES_ZH[t.id]).toBe(t.title_zh);
    expect(Object.keys(TEMPLATE_TITLES_ZH).sort()).toEqual(registry.list().map((t) => t.id).sort());
  });

  describe('letters follow the initiator', () => {
    it('the union offers: from the union to the enterprise, its team named, the 20 days counted', () => {
      const [offer] = produce(sourceFor(...EVENTS[0]));
      expect(offer.data).toMatchObject({
        letterNo: '蜀锦工〔2018〕3号',
        senderSide: 'employee',
        sender: { name: '成都蜀锦机械制造有限公司工会' },
        addressee: { name: '成都蜀锦机械制造有限公司' },
        contractKindTitle: '工资专项集体合同',
        renewal: false,
        representatives: { chief: '张明华', members: ['李淑芬', '王志刚'] },
        responseDays: 20,
        responseDueOn: '2018-03-21',
        issuedOn: '2018-03-01',
      });
      expect(offer.html).toContain('我方代表全体职工，向贵方提出签订工资专项集体合同的集体协商要约');
      expect(offer.html).toContain('二〇一八年三月一日');
    });

    it('the enterprise offers: the letters turn round', () => {
      const caseRow = loadedCase({ initiatorSide: 'employer' }, fullContext('wage', { initiatorSide: 'employer' }));
      const [offer] = produce(sourceFor(...EVENTS[0].slice(0, 2) as [string, Record<string, unknown>], { caseRow }));
      expect(offer.data).toMatchObject({ senderSide: 'employer', sender: { name: '成都蜀锦机械制造有限公司' }, addressee: { name: '成都蜀锦机械制造有限公司工会' }, representatives: { chief: '王建国' } });
      const [agreed] = produce(sourceFor('RESPONSE_AGREED', { occurredOn: '2018-03-12' }, { caseRow }));
      expect(agreed.data).toMatchObject({ senderSide: 'employee', sender: { name: '成都蜀锦机械制造有限公司工会' }, addressee: { name: '成都蜀锦机械制造有限公司' } });
      expect(agreed.html).toContain('广泛征求职工对协商议题的意见');
    });

    it('the reply answers the offer: its date and subjects, from the other side', () => {
      const [agreed] = produce(sourceFor(...EVENTS[2]));
      expect(agreed.data).toMatchObject({
        senderSide: 'employer',
        sender: { name: '成都蜀锦机械制造有限公司' },
        addressee: { name: '成都蜀锦机械制造有限公司工会' },
        offerReceivedOn: '2018-03-01',
        subjects: ['2018年度职工工资增长幅度', '企业最低工资标准及工资支付办法', '加班工资计算基数和支付标准'],
        additionalSubjects: ['职工技能等级与岗位工资挂钩办法'],
        representatives: { chief: '王建国', members: ['陈立新', '赵晓燕'] },
      });
      const [refused] = produce(sourceFor(...EVENTS[3]));
      expect(refused.html).toContain('<p>企业正在进行重组，经营状况尚不明朗。</p>');
    });

    it('a renewal offer names the current term', () => {
      const [offer] = produce(sourceFor(...EVENTS[1]));
      expect(offer.data).toMatchObject({ renewal: true, currentTermEnd: '2021-04-30' });
      expect(offer.data).not.toHaveProperty('responseDueOn');
      expect(offer.html).toContain('鉴于双方现行集体合同将于2021年4月30日期满，向贵方提出续订工资专项集体合同的集体协商要约');
    });

    it('the meeting notice lists both teams and the recorder', () => {
      const [notice] = produce(sourceFor(...EVENTS[4]));
      expect(notice.data).toMatchObject({ meetingOn: '2018-03-20', recorder: { name: '刘佳' }, representatives: { employee: { chief: '张明华' }, employer: { chief: '王建国' } } });
      expect(notice.html).toContain('职工方协商代表：张明华（首席代表）、李淑芬、王志刚');
    });
  });

  describe('minutes', () => {
    it('name who attended, by side, from the representatives (unknown ids left out)', () => {
      const [minutes] = produce(sourceFor(...EVENTS[5]));
      expect(minutes.data).toMatchObject({
        subject: '成都蜀锦机械制造有限公司工资专项集体合同',
        sessionNo: 2,
        heldOn: '2018-03-27',
        attendees: { employee: [{ name: '张明华', chief: true }, { name: '李淑芬', chief: false }], employer: [{ name: '王建国', chief: true }, { name: '陈立新', chief: false }, { name: '赵晓燕', chief: false }] },
        chiefs: { employee: '张明华', employer: '王建国' },
        summary: '双方就工资增长幅度达成一致。',
        signedOn: '2018-03-28',
      });
      expect(minutes.html).toContain('第二次集体协商会议');
      expect(minutes.html).toContain('<p>经协商，双方同意2018年度职工工资平均增长6%，企业月最低工资为1780元。</p>');
      expect(minutes.html).not.toContain('X-999');
    });

    it('without the session row (SESSION_HELD sent through the events API) come from the payload and the talks', () => {
      const [minutes] = produce(sourceFor('SESSION_HELD', { occurredOn: '2018-03-28', sessionNo: 1, minutesSignedByBothChiefs: true, summary: '双方交换了意见。' }));
      expect(minutes.data).toMatchObject({ sessionNo: 1, heldOn: '2018-03-28', place: '公司行政楼三楼会议室', recorder: { name: '刘佳' }, minutes: '双方交换了意见。', attendees: { employee: [], employer: [] } });
      expect(minutes.data).not.toHaveProperty('summary');
      expect(minutes.html).toContain('（未记录）');
    });
  });

  describe('contracts', () => {
    it('the agreed draft: numbered through, the standards in a table, the term, the watermark', () => {
      const [doc] = produce(sourceFor(...EVENTS[6]));
      const data = doc.data as { chapters: { no: number; articles: { no: number }[] }[] } & Record<string, unknown>;
      expect(data).toMatchObject({ title: '成都蜀锦机械制造有限公司工资专项集体合同', draft: true, draftVersion: 3, parties: { union: '成都蜀锦机械制造有限公司工会', employer: '成都蜀锦机械制造有限公司' }, term: { start: '2018-05-01', end: '2021-04-30' }, keyTerms: { lowestMonthlyWage: 1780, wageIncreasePercent: 6 } });
      expect(data).not.toHaveProperty('signature');
      expect(data.chapters.map((c) => c.no)).toEqual([1, 2, 3]);
      expect(data.chapters.flatMap((c) => c.articles.map((a) => a.no))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(doc.title).toBe('成都蜀锦机械制造有限公司工资专项集体合同（草案）');
      expect(doc.html).toContain('<div class="watermark" aria-hidden="true">草案</div>');
      expect(doc.html).toContain('<span class="article-no">第十一条</span>');
      expect(doc.html).toContain('1780元（大写：壹仟柒佰捌拾元整）');
    });

    it('the signed contract: both chiefs, the signing day, the verification code and QR, no watermark', () => {
      const [doc] = produce(sourceFor(...EVENTS[8]));
      expect(doc.data).toMatchObject({ draft: false, term: { start: '2018-05-01', end: '2021-04-30' }, signature: { employeeChief: '张明华', employerChief: '王建国', signedOn: '2018-04-25' }, verification });
      expect(doc.data).not.toHaveProperty('draftVersion');
      expect(doc.html).toContain(`<div class="qr">${QR_SVG}</div>`);
      expect(doc.html).toContain('签订日期：二〇一八年四月二十五日');
      expect(doc.html).not.toContain('class="watermark"');
      // The service hashes the data without the code, then renders again with it.
      const [unverified] = documentsFor(sourceFor(...(EVENTS[8].slice(0, 2) as [string, Record<string, unknown>]), { draft }));
      expect(unverified.data).not.toHaveProperty('verification');
    });

    it.each([
      ['comprehensive', 'contract-comprehensive'],
      ['wage', 'contract-wage'],
      ['women_workers', 'contract-women-workers'],
      ['safety_health', 'contract-safety-health'],
      ['industry', 'contract-industry-regional'],
      ['regional', 'contract-industry-regional'],
    ])('a %s case uses %s', (kind, templateId) => {
      const caseRow = kind === 'industry' || kind === 'regional' ? industryCase({ kind }) : loadedCase({ kind }, fullContext(kind));
      for (const [type, payload, extra] of [EVENTS[6], EVENTS[8]]) {
        const docs = produce(sourceFor(type, payload, { ...extra, caseRow }));
        expect(docs.map((d) => d.templateId)).toEqual([templateId]);
      }
    });

    it('the industry contract covers the trade: the association, the enterprises and their employees', () => {
      const [doc] = produce(sourceFor(...EVENTS[8].slice(0, 2) as [string, Record<string, unknown>], { caseRow: industryCase(), draft, verification, regionName: '四川省成都市' }));
      expect(doc.data).toMatchObject({
        title: '成都市餐饮行业集体合同',
        parties: { union: '成都市餐饮行业工会联合会', employer: '成都市餐饮同业公会' },
        scope: 'industry',
        area: '四川省成都市',
        industry: '住宿和餐饮业',
        employeesCovered: 838,
        enterprises: [{ name: '成都锦江宾馆餐饮管理有限公司', employees: 240 }, { name: '成都蓉城老灶火锅有限公司', employees: 186 }, { name: '成都天府味道餐饮连锁有限公司', employees: 412 }],
      });
      expect(doc.html).toContain('为维护四川省成都市住宿和餐饮业企业和职工的合法权益');
      expect(doc.html).toContain('本合同对附件所列3家企业及其838名职工具有约束力');
    });

    it('a regional contract without an employers association names the enterprises', () => {
      const many = Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, name: `簇桥街道第${i + 1}商贸有限公司`, employees: 20 + i }));
      const caseRow = industryCase({ kind: 'regional', unionName: '成都市武侯区簇桥街道工会联合会', employerName: null, enterprises: many, industryCode: null });
      const [doc] = produce(sourceFor('DRAFT_AGREED', { occurredOn: '2018-04-10', signedByBothChiefs: true }, { caseRow, draft }));
      expect(doc.data).toMatchObject({ title: '成都市武侯区簇桥街道区域性集体合同', scope: 'regional', parties: { employer: '簇桥街道第1商贸有限公司等5家企业' }, employeesCovered: 110 });
      expect(doc.data).not.toHaveProperty('industry');
    });

    it('needs the contract text', () => {
      expect(() => documentsFor(sourceFor(...EVENTS[6].slice(0, 2) as [string, Record<string, unknown>]))).toThrow(DocumentSourceIncomplete);
      expect(() => documentsFor(sourceFor(...EVENTS[8].slice(0, 2) as [string, Record<string, unknown>]))).toThrow(/SIGNED: the source has no draft/);
    });
  });

  describe('congress resolution', () => {
    it('a passed vote, as the machine recorded it', () => {
      const [doc] = produce(sourceFor(...EVENTS[7]));
      expect(doc.data).toMatchObject({ title: '成都蜀锦机械制造有限公司职工代表大会决议', congressName: '成都蜀锦机械制造有限公司职工代表大会', roster: 120, present: 112, yes: 98, no: 6, abstain: 8, quorumMet: true, majorityMet: true, passed: true, reasons: [], draftVersion: 3 });
      expect(doc.html).toContain('（2018年4月20日成都蜀锦机械制造有限公司职工代表大会通过）');
    });

    it('a rejected vote keeps the reasons and the congress objections', () => {
      const context = fullContext('wage', {
        congress: { occurredOn: '2018-04-20', body: 'congress', roster: 120, present: 90, yes: 58, no: 20, abstain: 12, passed: false, reasons: [{ zh: '赞成 58 票未超过全体应到人数 120 的半数', en: '…' }], objections: ['工资增长幅度偏低'] },
      });
      const [doc] = produce(sourceFor('CONGRESS_VOTED', { occurredOn: '2018-04-20', body: 'congress', roster: 120, present: 90, yes: 58, no: 20, abstain: 12, objections: ['工资增长幅度偏低'] }, { caseRow: loadedCase({}, context) }));
      expect(doc.data).toMatchObject({ passed: false, quorumMet: true, majorityMet: false, reasons: ['赞成 58 票未超过全体应到人数 120 的半数'], objections: ['工资增长幅度偏低'] });
      expect(doc.data).not.toHaveProperty('subtitle');
      expect(doc.html).toContain('未获通过');
    });

    it('without the machine record, Art 36 itself: 2/3 present, yes from more than half the roster', () => {
      const context = fullContext('wage', { congress: undefined });
      const [doc] = produce(sourceFor('CONGRESS_VOTED', { occurredOn: '2018-04-20', body: 'all_employees', roster: 90, present: 59, yes: 46, no: 10, abstain: 3 }, { caseRow: loadedCase({}, context) }));
      expect(doc.data).toMatchObject({ congressName: '成都蜀锦机械制造有限公司职工大会', body: 'all_employees', quorumMet: false, majorityMet: true, passed: false, reasons: ['出席人数 59 未达应到人数 90 的 2/3'] });
      expect(doc.html).toContain('应到职工90名');
    });
  });

  describe('filing and review', () => {
    it('the filing: the materials ticked, the bureau receipt with the 15 days to its due date', () => {
      const [list, receipt] = produce(sourceFor(...EVENTS[9]));
      expect(list.data).toMatchObject({ sender: { name: '成都蜀锦机械制造有限公司' }, addressee: { name: '成都市武侯区人力资源和社会保障局' }, signedOn: '2018-04-25', complete: true, late: false });
      expect((list.data.items as { name: string; provided: boolean }[]).map((i) => [i.name, i.provided])).toEqual([
        ['集体合同文本（一式三份）', true],
        ['集体协商情况说明', true],
        ['职工代表大会（职工大会）审议通过的决议', true],
        ['双方协商代表名单及首席代表身份证明、书面委托书', true],
        ['经双方首席代表签字的协商会议记录', true],
        ['企业工资水平、工资总额及职工工资增长等相关资料', true],
      ]);
      expect(receipt.data).toMatchObject({ sender: { name: '成都市武侯区人力资源和社会保障局' }, addressee: { name: '成都蜀锦机械制造有限公司' }, filedOn: '2018-04-28', accepted: true, reviewDays: 15, reviewDueOn: '2018-05-14' });
      expect(receipt.html).toContain('15日内（至2018年5月14日）进行审查');
    });

    it('a late filing with its explanation; missing materials marked and not accepted', () => {
      const context = fullContext('wage', { filing: { occurredOn: '2018-05-20', late: true } });
      const payload = { occurredOn: '2018-05-20', materials: { contractCopies: 2, bargainingNarrative: true, congressResolution: true, representativesList: false, minutesSigned: true, specialData: true }, delayExplanation: '因首席代表出差，未能按期报送。' };
      const [list, receipt] = produce(sourceFor('FILED', payload, { caseRow: loadedCase({}, context), bureauName: null }));
      expect(list.data).toMatchObject({ late: true, complete: false, delayExplanation: '因首席代表出差，未能按期报送。', addressee: { name: '四川省成都市武侯区人力资源和社会保障局' } });
      expect(list.html.match(/× 缺/g)).toHaveLength(2);
      expect(list.html).toContain('逾期报送的书面说明');
      expect(receipt.data).toMatchObject({ accepted: false, missing: ['集体合同文本（一式三份）', '双方协商代表名单及首席代表身份证明、书面委托书'] });
      expect(receipt.data).not.toHaveProperty('reviewDueOn');
    });

    it('the objection lists its findings per article; the approval its effective day', () => {
      const [objection] = produce(sourceFor(...EVENTS[10]));
      expect(objection.data).toMatchObject({ outcome: 'objection', receivedOn: '2018-04-28', addressee: { name: '成都蜀锦机械制造有限公司、成都蜀锦机械制造有限公司工会' }, findings: [{ article: '第三条' }], reviewDays: 15 });
      const [approval] = produce(sourceFor(...EVENTS[11]));
      expect(approval.data).toMatchObject({ outcome: 'approved', effectiveOn: '2018-05-10', publishDays: 10 });
      expect(approval.data).not.toHaveProperty('findings');
      expect(() => documentsFor(sourceFor('OBJECTION_ISSUED', { occurredOn: '2018-05-10', findings: [] }))).toThrow(DocumentSourceIncomplete);
    });

    it('the coordination agreement carries the application from the case log and the result', () => {
      const context = fullContext('wage', { lastReason: { event: 'DISPUTE_RAISED', occurredOn: '2018-03-12', reason: '企业拒绝提供工资总额资料，协商无法进行。' } });
      const [doc] = produce(sourceFor(...(EVENTS[12].slice(0, 2) as [string, Record<string, unknown>]), { caseRow: loadedCase({}, context) }));
      expect(doc.data).toMatchObject({ letterNo: '武人社协〔2018〕2号', application: { text: '企业拒绝提供工资总额资料，协商无法进行。', appliedOn: '2018-03-12' }, result: '企业同意于2018年4月10日前开展工资集体协商。', chiefs: { employee: '张明华', employer: '王建国' } });
      expect(doc.html).toContain('2018年3月12日，争议一方依照《集体合同规定》第四十九条提出书面协调处理申请');
    });
  });
});
