import { describe, expect, it } from '@jest/globals';
import type { ContractArticle, ContractDocument } from './contract-document.js';
import { diffText, escapeHtml, redline, redlineHtml, type TextOp } from './redline.js';

const art = (key: string, title: string, text: string, extra: Partial<ContractArticle> = {}): ContractArticle => ({ key, title, text, topics: ['other'], ...extra });

/** 第一章 总则 (1–2), 第二章 劳动报酬 (3–4), 第三章 工作时间 (5–6), 第四章 附则 (7). */
function baseDoc(): ContractDocument {
  return {
    chapters: [
      {
        title: '总则',
        articles: [
          art('purpose', '目的', '为维护职工和企业的合法权益，根据《劳动法》《劳动合同法》订立本合同。'),
          art('parties', '双方', '本合同由甲方（企业）与乙方（工会代表全体职工）签订。'),
        ],
      },
      {
        title: '劳动报酬',
        articles: [
          art('wage', '最低工资', '月工资不低于1800元', { topics: ['pay'], terms: { lowestMonthlyWage: 1800 } }),
          art('wage_pay', '工资支付', '甲方应当按时足额支付工资，不得克扣或者无故拖欠。', { topics: ['pay'] }),
        ],
      },
      {
        title: '工作时间',
        articles: [
          art('hours', '标准工时', '实行每日工作八小时、每周工作四十小时的标准工时制度。', { topics: ['hours'], terms: { standardHoursPerDay: 8 } }),
          art('overtime', '加班', '延长工作时间每月不得超过三十六小时。', { topics: ['hours'] }),
        ],
      },
      { title: '附则', articles: [art('term', '期限', '本合同期限为三年。', { topics: ['term'] })] },
    ],
  };
}

/** A copy of the base document changed by `edit`. */
function edited(edit: (doc: ContractDocument) => void): ContractDocument {
  const doc = structuredClone(baseDoc());
  edit(doc);
  return doc;
}

const article = (doc: ContractDocument, key: string) => doc.chapters.flatMap((c) => c.articles).find((a) => a.key === key)!;
const labels = { from: '上期合同', to: '草案第2版' };
const oldOf = (ops: TextOp[]) => ops.filter((o) => o.op !== 'insert').map((o) => o.text).join('');
const newOf = (ops: TextOp[]) => ops.filter((o) => o.op !== 'delete').map((o) => o.text).join('');
const changes = (from: ContractDocument, to: ContractDocument) => Object.fromEntries(redline(from, to, labels).articles.map((a) => [a.key, a.change]));

describe('diffText', () => {
  it('shows an insertion inside an article, the changed figure as one replacement', () => {
    const ops = diffText('月工资不低于1800元', '月工资不低于2000元，每年增长不低于5%');
    expect(ops).toEqual([
      { op: 'equal', text: '月工资不低于' },
      { op: 'delete', text: '1800元' },
      { op: 'insert', text: '2000元，每年增长不低于5%' },
    ]);
  });

  it('shows the deletion of a clause', () => {
    expect(diffText('甲方应当按时足额支付工资，不得克扣或者无故拖欠。', '甲方应当按时足额支付工资。')).toEqual([
      { op: 'equal', text: '甲方应当按时足额支付工资' },
      { op: 'delete', text: '，不得克扣或者无故拖欠' },
      { op: 'equal', text: '。' },
    ]);
  });

  it.each([
    ['月工资不低于1800元', '月工资不低于2000元，每年增长不低于5%'],
    ['甲方应当按时足额支付工资，不得克扣或者无故拖欠。', '甲方应当按时足额支付工资。'],
    ['延长工作时间每月不得超过三十六小时。', '因生产经营需要，经与工会协商，延长工作时间每日不得超过一小时，每月不得超过三十小时。'],
    ['女职工产假为九十八天。', '女职工生育享受不少于一百五十八天的产假，其中产前可以休假十五天。'],
    ['甲乙双方', '乙甲双方'],
    ['', '本合同自签订之日起生效。'],
    ['本合同自签订之日起生效。', ''],
    ['', ''],
    ['第一行\n第二行', '第一行\n第1.5行\n第二行'],
    ['𠀋工资 😀', '工资𠀋 😀！'], // characters outside the BMP must not be split
  ])('rebuilds old and new text from the ops (%#)', (oldText, newText) => {
    const ops = diffText(oldText, newText);
    expect(oldOf(ops)).toBe(oldText);
    expect(newOf(ops)).toBe(newText);
    expect(ops.every((o) => o.text !== '')).toBe(true);
    // Consecutive ops are never of the same kind.
    expect(ops.every((o, i) => i === 0 || o.op !== ops[i - 1].op)).toBe(true);
  });
});

describe('redline', () => {
  it('reports identical documents as all unchanged', () => {
    const r = redline(baseDoc(), baseDoc(), labels);
    expect(r.from).toEqual({ label: '上期合同' });
    expect(r.to).toEqual({ label: '草案第2版' });
    expect(r.summary).toEqual({ added: 0, deleted: 0, changed: 0, moved: 0, unchanged: 7 });
    expect(r.articles.map((a) => a.key)).toEqual(['purpose', 'parties', 'wage', 'wage_pay', 'hours', 'overtime', 'term']);
    expect(r.articles.every((a) => a.change === 'unchanged' && a.terms.length === 0 && a.from!.no === a.to!.no)).toBe(true);
    expect(r.articles[2].from).toEqual({ no: 3, label: '第三条', chapterNo: 2, chapterTitle: '劳动报酬', title: '最低工资' });
    expect(r.articles[2].text).toEqual([{ op: 'equal', text: '月工资不低于1800元' }]);
  });

  it('shows a changed article with its text ops and changed terms', () => {
    const to = edited((d) => {
      Object.assign(article(d, 'wage'), { text: '月工资不低于2000元，每年增长不低于5%', terms: { lowestMonthlyWage: 2000, wageIncreasePercent: 5 } });
      article(d, 'wage_pay').text = '甲方应当按时足额支付工资。';
    });
    const r = redline(baseDoc(), to, labels);
    const wage = r.articles.find((a) => a.key === 'wage')!;
    expect(wage.change).toBe('changed');
    expect(wage.title).toEqual([{ op: 'equal', text: '最低工资' }]);
    expect(newOf(wage.text)).toBe('月工资不低于2000元，每年增长不低于5%');
    expect(wage.terms).toEqual([
      { name: 'lowestMonthlyWage', from: 1800, to: 2000 },
      { name: 'wageIncreasePercent', to: 5 },
    ]);
    expect(r.articles.find((a) => a.key === 'wage_pay')!.text).toContainEqual({ op: 'delete', text: '，不得克扣或者无故拖欠' });
    expect(r.summary).toEqual({ added: 0, deleted: 0, changed: 2, moved: 0, unchanged: 5 });
  });

  it('counts a change of terms alone, or of the title alone, as a change', () => {
    const to = edited((d) => {
      article(d, 'hours').terms = { standardHoursPerDay: 7 };
      article(d, 'overtime').title = '延长工作时间';
    });
    const r = redline(baseDoc(), to, labels);
    expect(changes(baseDoc(), to)).toMatchObject({ hours: 'changed', overtime: 'changed', term: 'unchanged' });
    expect(r.articles.find((a) => a.key === 'hours')!.terms).toEqual([{ name: 'standardHoursPerDay', from: 8, to: 7 }]);
    expect(newOf(r.articles.find((a) => a.key === 'overtime')!.title)).toBe('延长工作时间');
  });

  it('shows an added article, and the articles after it as renumbered but unchanged', () => {
    const to = edited((d) => d.chapters[1].articles.splice(1, 0, art('wage_rise', '工资增长', '每年工资增长不低于5%。', { terms: { wageIncreasePercent: 5 } })));
    const r = redline(baseDoc(), to, labels);
    expect(r.articles.map((a) => a.key)).toEqual(['purpose', 'parties', 'wage', 'wage_rise', 'wage_pay', 'hours', 'overtime', 'term']);
    const added = r.articles[3];
    expect(added).toMatchObject({ change: 'added', to: { no: 4, label: '第四条', chapterTitle: '劳动报酬' } });
    expect(added.from).toBeUndefined();
    expect(added.text).toEqual([{ op: 'insert', text: '每年工资增长不低于5%。' }]);
    expect(added.terms).toEqual([{ name: 'wageIncreasePercent', to: 5 }]);
    for (const a of r.articles.slice(4)) {
      expect(a.change).toBe('unchanged');
      expect(a.to!.no).toBe(a.from!.no + 1);
    }
    expect(r.summary).toEqual({ added: 1, deleted: 0, changed: 0, moved: 0, unchanged: 7 });
  });

  it('shows a deleted article after its previous neighbour of the old document', () => {
    const to = edited((d) => {
      d.chapters[0].articles.splice(1, 1); // parties
      d.chapters[2].articles.splice(0, 1); // hours
    });
    const r = redline(baseDoc(), to, labels);
    expect(r.articles.map((a) => a.key)).toEqual(['purpose', 'parties', 'wage', 'wage_pay', 'hours', 'overtime', 'term']);
    const parties = r.articles[1];
    expect(parties).toMatchObject({ change: 'deleted', from: { no: 2, label: '第二条', chapterTitle: '总则' } });
    expect(parties.to).toBeUndefined();
    expect(parties.text).toEqual([{ op: 'delete', text: '本合同由甲方（企业）与乙方（工会代表全体职工）签订。' }]);
    expect(r.articles[4]).toMatchObject({ key: 'hours', change: 'deleted', terms: [{ name: 'standardHoursPerDay', from: 8 }] });
    expect(r.articles.find((a) => a.key === 'overtime')).toMatchObject({ change: 'unchanged', from: { no: 6 }, to: { no: 4 } });
    expect(r.summary).toEqual({ added: 0, deleted: 2, changed: 0, moved: 0, unchanged: 5 });
  });

  it('puts deleted leading articles first, in their old order', () => {
    const to = edited((d) => d.chapters.shift());
    expect(redline(baseDoc(), to, labels).articles.map((a) => `${a.key}:${a.change}`)).toEqual([
      'purpose:deleted',
      'parties:deleted',
      'wage:unchanged',
      'wage_pay:unchanged',
      'hours:unchanged',
      'overtime:unchanged',
      'term:unchanged',
    ]);
  });

  it('marks one of two swapped articles as moved, not both', () => {
    const to = edited((d) => d.chapters[2].articles.reverse()); // overtime before hours
    const r = redline(baseDoc(), to, labels);
    expect(r.articles.map((a) => a.key)).toEqual(['purpose', 'parties', 'wage', 'wage_pay', 'overtime', 'hours', 'term']);
    expect(r.articles.filter((a) => a.change === 'moved').map((a) => a.key)).toHaveLength(1);
    expect(r.summary).toEqual({ added: 0, deleted: 0, changed: 0, moved: 1, unchanged: 6 });
  });

  it('marks only the article taken out of order as moved, not those renumbered by it', () => {
    const articles = baseDoc().chapters.flatMap((c) => c.articles).slice(0, 5);
    const from: ContractDocument = { chapters: [{ title: '全文', articles }] };
    const to: ContractDocument = { chapters: [{ title: '全文', articles: [...articles.slice(1), articles[0]] }] }; // 第一条 to the end
    const r = redline(from, to, labels);
    expect(r.articles.map((a) => `${a.key}:${a.change}:${a.from!.no}→${a.to!.no}`)).toEqual([
      'parties:unchanged:2→1',
      'wage:unchanged:3→2',
      'wage_pay:unchanged:4→3',
      'hours:unchanged:5→4',
      'purpose:moved:1→5',
    ]);
  });

  it('marks an article moved to another chapter as moved even when its order is unchanged', () => {
    // 工资支付 becomes the first article of 工作时间: same order, same number, other chapter.
    const to = edited((d) => d.chapters[2].articles.unshift(d.chapters[1].articles.pop()!));
    const r = redline(baseDoc(), to, labels);
    const moved = r.articles.find((a) => a.key === 'wage_pay')!;
    expect(moved).toMatchObject({ change: 'moved', from: { no: 4, chapterTitle: '劳动报酬' }, to: { no: 4, chapterTitle: '工作时间' } });
    expect(r.summary).toEqual({ added: 0, deleted: 0, changed: 0, moved: 1, unchanged: 6 });
  });

  it('does not count a new chapter before, or a renamed chapter, as moving its articles', () => {
    const to = edited((d) => {
      d.chapters.unshift({ title: '定义', articles: [art('definitions', '定义', '本合同所称职工，是指与甲方建立劳动关系的全部人员。')] });
      d.chapters[3].title = '工作时间和休息休假'; // was 工作时间
    });
    expect(changes(baseDoc(), to)).toEqual({
      definitions: 'added',
      purpose: 'unchanged',
      parties: 'unchanged',
      wage: 'unchanged',
      wage_pay: 'unchanged',
      hours: 'unchanged',
      overtime: 'unchanged',
      term: 'unchanged',
    });
  });

  it('marks a moved and edited article as moved_changed', () => {
    const to = edited((d) => {
      const overtime = d.chapters[2].articles.pop()!;
      overtime.text = '延长工作时间每月不得超过三十小时。';
      d.chapters[1].articles.unshift(overtime);
    });
    const r = redline(baseDoc(), to, labels);
    const overtime = r.articles.find((a) => a.key === 'overtime')!;
    expect(overtime).toMatchObject({ change: 'moved_changed', from: { no: 6, label: '第六条' }, to: { no: 3, label: '第三条' } });
    expect(oldOf(overtime.text)).toBe('延长工作时间每月不得超过三十六小时。');
    expect(newOf(overtime.text)).toBe('延长工作时间每月不得超过三十小时。');
    expect(r.summary).toEqual({ added: 0, deleted: 0, changed: 0, moved: 1, unchanged: 6 });
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(1800)).toBe('1800');
  });
});

describe('redlineHtml', () => {
  const to = edited((d) => {
    Object.assign(article(d, 'wage'), { text: '月工资不低于2000元，每年增长不低于5%', terms: { lowestMonthlyWage: 2000 } });
    d.chapters[0].articles.splice(1, 1); // parties deleted
    d.chapters[1].articles.push(art('evil"key', '<b>标题</b>', '<script>alert("x")</script>甲方<img src=x onerror=alert(1)>'));
  });
  const r = redline(baseDoc(), to, { from: '上期合同 <v1>', to: '草案第2版' });

  it('renders ins/del, labels, and the table of changed terms', () => {
    const html = redlineHtml(r);
    expect(html.startsWith('<section class="redline">')).toBe(true);
    expect(html).toContain('上期合同 &lt;v1&gt; → 草案第2版');
    expect(html).toMatch(/<article class="redline-article redline-changed" data-key="wage">.*第三条 → 第二条.*修改/);
    expect(html).toContain('月工资不低于<del>1800元</del><ins>2000元，每年增长不低于5%</ins>');
    expect(html).toContain('<tr><td>最低月工资（元）</td><td>1800</td><td>2000</td></tr>');
    expect(html).toMatch(/redline-deleted" data-key="parties">.*第二条.*删除.*<del>本合同由甲方/);
    expect(html).toContain('redline-added');
    expect(html).not.toMatch(/<html|<head|<body|<link|<style/);
  });

  it('escapes every piece of user text', () => {
    const html = redlineHtml(r);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<ins>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;甲方&lt;img src=x onerror=alert(1)&gt;</ins>');
    expect(html).toContain('data-key="evil&quot;key"');
    expect(html).toContain('&lt;b&gt;标题&lt;/b&gt;');
  });

  it('omits unchanged articles unless asked to include them', () => {
    expect(redlineHtml(r)).not.toContain('data-key="purpose"');
    expect(redlineHtml(r)).not.toContain('redline-unchanged');
    const all = redlineHtml(r, { includeUnchanged: true });
    expect(all).toContain('<article class="redline-article redline-unchanged" data-key="purpose">');
    expect(all.match(/<article /g)).toHaveLength(r.articles.length);
  });

  it('shows the chapters of an article moved to another chapter', () => {
    const moved = edited((d) => d.chapters[2].articles.unshift(d.chapters[1].articles.pop()!));
    expect(redlineHtml(redline(baseDoc(), moved, labels))).toContain('第四条（第二章 劳动报酬） → 第四条（第三章 工作时间）');
  });
});
