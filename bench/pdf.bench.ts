// `npm run bench:pdf`: a six-page collective contract rendered to PDF three ways in one run:
//   (a) the service's pipeline, PuppeteerPdfRenderer (pool of 2 pages, interception, per-document font
//       subsets, pdf-lib metadata), at concurrency 2;
//   (b) bare Puppeteer on warm pages, the same HTML and the same font bytes served over loopback HTTP
//       (cacheable), setContent + pdf, at concurrency 1 (one page) and 2 (two pages);
//   (b″) as (b), but each document gets its own font subsets (fresh URLs, cut per render as (a) does): what
//       bare Puppeteer pays when documents differ, since (b)'s fonts are cached after the first render;
//   (b′) as (b) at concurrency 1 but with the whole faces instead of the subsets (what subsetting buys);
//   (c) a browser launched per document.
// (a), (b) and (b″) run side by side in alternating blocks; then (a) runs alone BENCH_RENDERS times
// (default 1,000) on a fresh renderer for its memory.
// Prints documents/s, p50/p95 ms, PDF size, CPU per document (this process and its browsers, from /proc:
// on a shared machine the rates move with the neighbours' load, the CPU per document much less, and
// 2 cores ÷ CPU per document is what the work would reach on a machine of its own), and the memory of
// the service process and of the browsers it started (PSS over their process trees) every 100 renders
// of (a). The last line is JSON.
// Knobs: BENCH_RENDERS (the long run of (a)), BENCH_ROUNDS × BENCH_BLOCK (side by side), BENCH_COLD_RENDERS ((b′), (c)).
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ASSET_URL, DEFAULT_FONTS, descendantsRssMb, processTree, PuppeteerPdfRenderer, TrueTypeFace } from '../src/documents/renderer/index.js';
import { templateCodePoints } from '../src/documents/templates/template-characters.js';
import { os } from './os.js';
import { percentile, round } from './support.js';

const RENDERS = Number(process.env.BENCH_RENDERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const BLOCK = 2 * Math.round(Number(process.env.BENCH_BLOCK ?? 20) / 2);
const COLD_RENDERS = Number(process.env.BENCH_COLD_RENDERS ?? 10);
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BARE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', '--font-render-hinting=none'];
const PDF_OPTIONS = { format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: false } as const; // as the renderer prints

// ── the document ───────────────────────────────────────────────────────────────────────────────

const DIGITS = '〇一二三四五六七八九';
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
}

const CHAPTERS: [string, string[]][] = [
  ['总则', [
    '为维护职工和企业的合法权益，建立和谐稳定的劳动关系，促进企业持续健康发展，根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》《中华人民共和国工会法》和《集体合同规定》等法律法规，经双方平等协商，订立本合同。',
    '本合同对甲方（企业）和乙方（全体职工）具有同等法律约束力。企业与职工个人订立的劳动合同中劳动条件和劳动报酬等标准不得低于本合同的规定。',
    '双方应当遵循合法、公平、平等协商、诚实守信的原则。协商期间，任何一方不得采取过激行为，不得有打击报复等违法行为。',
  ]],
  ['劳动合同管理', [
    '甲方应当自用工之日起一个月内与职工订立书面劳动合同，劳动合同一式两份，双方各执一份，不得扣押职工的居民身份证和其他证件。',
    '劳动合同期满，双方同意续订的，应当在期满前三十日内办理续订手续；甲方不同意续订的，应当提前三十日书面通知职工本人。',
    '甲方依法单方解除劳动合同的，应当事先将理由通知工会；工会认为甲方违反法律法规或者劳动合同约定的，有权要求甲方纠正，甲方应当研究工会的意见，并将处理结果书面通知工会。',
  ]],
  ['劳动报酬', [
    '甲方实行以岗位工资为主的基本工资制度，职工工资由基本工资、岗位津贴、绩效奖金和加班工资构成。工资分配应当遵循按劳分配原则，实行同工同酬。',
    '甲方支付给职工的月工资不得低于本市当年公布的最低工资标准，现行标准为每月人民币贰仟贰佰元整（¥2,200.00）。',
    '甲方每月十五日前以货币形式足额支付职工上月工资，遇节假日或休息日提前至最近的工作日支付，并向职工提供工资清单，不得克扣或者无故拖欠。',
    '本合同期内职工年度平均工资增长幅度不低于百分之五，具体分配方案经职工代表大会讨论通过后实施。企业经济效益增长较快的，工资增长幅度相应提高。',
    '甲方安排职工延长工作时间的，按照不低于工资的百分之一百五十支付工资报酬；休息日安排工作又不能安排补休的，按照不低于工资的百分之二百支付；法定休假日安排工作的，按照不低于工资的百分之三百支付。',
  ]],
  ['工作时间和休息休假', [
    '甲方实行每日工作不超过八小时、平均每周工作不超过四十小时的标准工时制度。实行综合计算工时工作制或者不定时工作制的，应当依法报劳动保障行政部门批准。',
    '甲方因生产经营需要延长工作时间的，应当与工会和职工协商，一般每日不得超过一小时；因特殊原因需要延长工作时间的，在保障职工身体健康的条件下每日不得超过三小时，每月不得超过三十六小时。',
  ]],
  ['劳动安全卫生', [
    '甲方应当建立健全劳动安全卫生制度，严格执行国家劳动安全卫生规程和标准，对职工进行劳动安全卫生教育，防止劳动过程中的事故，减少职业危害。',
    '甲方应当按规定为职工免费提供符合国家标准的劳动防护用品，并每年组织从事有职业危害作业的职工进行职业健康检查，检查结果如实告知职工本人。',
    '职工有权拒绝违章指挥和强令冒险作业，对危害生命安全和身体健康的行为有权提出批评、检举和控告。甲方不得因此降低其工资、福利等待遇或者解除劳动合同。',
  ]],
  ['保险福利', [
    '甲方应当依法为职工缴纳基本养老保险、基本医疗保险、失业保险、工伤保险和生育保险以及住房公积金，并每年向职工公布缴费情况。',
    '甲方按照职工工资总额的百分之二按月拨缴工会经费，为工会办公和开展活动提供必要的设施和活动场所。',
  ]],
  ['女职工和未成年工特殊保护', [
    '甲方不得因女职工怀孕、生育、哺乳降低其工资、予以辞退或者与其解除劳动合同。女职工在孕期、产期、哺乳期内劳动合同期满的，劳动合同期限自动延续至相应情形消失时终止。',
    '女职工生育享受不少于九十八天的产假，其中产前可以休假十五天；难产的增加产假十五天；生育多胞胎的，每多生育一个婴儿增加产假十五天。',
    '甲方每年组织女职工进行一次妇科疾病和乳腺疾病检查，费用由甲方承担。甲方不得安排未成年工从事矿山井下、有毒有害和国家规定的第四级体力劳动强度的劳动。',
  ]],
  ['职业技能培训', [
    '甲方按照职工工资总额的百分之一点五足额提取职工教育经费，其中用于一线职工教育培训的比例不低于百分之六十。',
    '甲方出资对职工进行专业技术培训的，可以与该职工订立协议，约定服务期；职工违反服务期约定的，违约金不得超过服务期尚未履行部分所应分摊的培训费用。',
  ]],
  ['集体合同的履行、变更、解除和终止', [
    '双方应当全面履行本合同。甲乙双方各派代表组成集体合同监督检查小组，每年至少对本合同履行情况进行一次检查，并向职工代表大会报告。',
    '因订立本合同所依据的法律法规发生变化，或者企业发生合并、分立等情形致使本合同无法履行的，经双方协商一致，可以变更或者解除本合同。',
    '本合同期满或者双方约定的终止条件出现，即行终止。期满前三个月内，任何一方均可向对方提出重新签订或者续订的要求。',
  ]],
  ['争议处理', [
    '因履行本合同发生争议，双方应当协商解决；协商解决不成的，工会可以依法申请劳动争议仲裁、提起诉讼。',
    '因签订集体合同发生争议，双方协商解决不成的，当事人可以书面向劳动保障行政部门申请协调处理。',
  ]],
  ['附则', [
    '本合同经职工代表大会审议通过后，由双方首席代表签字，自签字之日起十日内报送劳动保障行政部门审查。劳动保障行政部门自收到文本之日起十五日内未提出异议的，本合同即行生效。',
    '本合同有效期为三年，自二〇二五年一月一日起至二〇二七年十二月三十一日止。本合同未尽事宜，按国家有关法律法规执行。',
    '本合同一式四份，甲乙双方各执一份，报送劳动保障行政部门一份，上级工会备案一份，具有同等效力。',
  ]],
];

/**
 * The contract: GB/T 9704 margins 37/35/28/26 mm, 三号 (16 pt) body in the Song face (AR PL UMing), headings
 * in the Hei face (WenQuanYi Zen Hei). It names the renderer's families (cb-song, cb-kai, cb-hei), whose
 * @font-face rules the renderer adds. `party` is the enterprise's name.
 */
export function contractHtml(body = 'cb-song', party = '某某有限公司'): string {
  let article = 0;
  const chapters = CHAPTERS.map(
    ([title, articles], i) =>
      `<h2>第${chineseNumber(i + 1)}章　${title}</h2>\n` + articles.map((text) => `<p><span class="no">第${chineseNumber(++article)}条</span>　${text}</p>`).join('\n'),
  ).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${party}集体合同</title>
<style>
@page {
  size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-family: ${body}; font-size: 14pt; }
}
html { font-synthesis: none; }
body { margin: 0; font-family: ${body}; font-size: 16pt; line-height: 28.9pt; text-align: justify; }
h1 { font-family: cb-hei; font-size: 22pt; font-weight: normal; text-align: center; margin: 0 0 28.9pt; line-height: 1.5; }
h2 { font-family: cb-hei; font-size: 16pt; font-weight: normal; text-align: center; margin: 14.45pt 0 0; break-after: avoid; }
p { margin: 0; text-indent: 2em; }
.no { font-family: cb-hei; }
.parties p { text-indent: 0; text-align: left; }
.sign { margin-top: 28.9pt; break-inside: avoid; display: grid; grid-template-columns: 1fr 1fr; }
.sign p { text-indent: 0; }
.sign .date { grid-column: 2; }
</style></head>
<body>
<h1>${party}集体合同</h1>
<div class="parties"><p>甲方：${party}（统一社会信用代码：91310000MA1FL8XQ2C）</p><p>乙方：${party}工会委员会（代表全体职工）</p></div>
${chapters}
<div class="sign"><p>甲方首席代表（签字）：</p><p>乙方首席代表（签字）：</p><p>甲方（盖章）</p><p>乙方（盖章）</p><p class="date">二〇二四年十二月二十日</p></div>
</body></html>`;
}

// ── measuring ──────────────────────────────────────────────────────────────────────────────────

/**
 * CPU seconds used so far by this process and every process it started (browsers included, ended ones
 * too: their time is in cutime/cstime once reaped). The machine is shared: wall-clock rates move with
 * the other tenants' load, CPU per document does not, and 2 cores ÷ CPU per document is the rate this
 * work would reach on a machine of its own.
 */
function cpuSeconds(): number {
  let ticks = 0;
  for (const pid of processTree(process.pid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}

interface Row {
  name: string;
  concurrency: number;
  count: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  pdfKb: number;
  /** CPU (this process + browsers) per document, ms. */
  cpuMs: number;
}

interface DriveOptions {
  onDone?: (done: number) => void;
  /** Processes ended during the run whose children outlived them: their CPU is partly lost, the figure is a floor. */
  cpuFloor?: boolean;
}

/** Latencies, wall time and CPU of one variant, summed over the blocks it ran. */
class Tally {
  latencies: number[] = [];
  errors = 0;
  seconds = 0;
  cpuSeconds = 0;
  size = 0;
  constructor(
    readonly name: string,
    readonly concurrency: number,
  ) {}

  row(): Row {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      name: this.name,
      concurrency: this.concurrency,
      count: sorted.length,
      errors: this.errors,
      perSecond: round(sorted.length / this.seconds, 2),
      p50: round(percentile(sorted, 50), 0),
      p95: round(percentile(sorted, 95), 0),
      pdfKb: round(this.size / 1024, 1),
      cpuMs: round((this.cpuSeconds * 1000) / Math.max(1, sorted.length), 0),
    };
  }
}

/** Runs `count` documents through `task` from `tally.concurrency` loops and adds the block to the tally. */
async function block(tally: Tally, count: number, task: (worker: number) => Promise<number>, onDone?: (done: number) => void) {
  let next = 0;
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  await Promise.all(
    Array.from({ length: tally.concurrency }, async (_, worker) => {
      while (next < count) {
        next++;
        const t0 = performance.now();
        try {
          tally.size = await task(worker);
          tally.latencies.push(performance.now() - t0);
        } catch (error) {
          tally.errors++;
          if (tally.errors <= 3) console.error(`  ${tally.name}: ${(error as Error).message}`);
        }
        onDone?.(tally.latencies.length + tally.errors);
      }
    }),
  );
  tally.seconds += (performance.now() - started) / 1000;
  tally.cpuSeconds += cpuSeconds() - cpuStarted;
}

async function drive(name: string, concurrency: number, count: number, task: (worker: number) => Promise<number>, { onDone, cpuFloor }: DriveOptions = {}): Promise<Row> {
  const tally = new Tally(name, concurrency);
  await block(tally, count, task, onDone);
  const row = tally.row();
  printRow(row, cpuFloor);
  return row;
}

function printRow(row: Row, cpuFloor = false) {
  const cpu = `CPU ${cpuFloor ? '≥' : ' '}${String(row.cpuMs).padStart(4)} ms/doc (2 cores: ${cpuFloor ? '≤ ' : ''}${round(2000 / row.cpuMs, 1)} doc/s)`;
  console.log(
    `  ${row.name.padEnd(40)} c=${row.concurrency}  ${String(row.perSecond).padStart(5)} doc/s  p50 ${String(row.p50).padStart(5)} ms  p95 ${String(row.p95).padStart(5)} ms  ${String(row.pdfKb).padStart(5)} KB  ${cpu}  ${row.count} docs${row.errors ? `, ${row.errors} errors` : ''}`,
  );
}

const serviceMb = () => round(process.memoryUsage().rss / 1048576, 1);

interface MemorySample {
  renders: number;
  /** cpuSeconds() at the sample. */
  cpuS: number;
  serviceMb: number;
  /** PSS of every browser process this process started. */
  browsersMb: number;
  /** The same, private resident (what the renderer's ceiling watches). */
  browsersPrivateMb: number;
  totalMb: number;
  generation: number;
}

function fontServer(fonts: (path: string) => Buffer | undefined, cacheControl = 'public, max-age=31536000, immutable'): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const body = fonts((req.url ?? '').split('?')[0]);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'font/ttf', 'cache-control': cacheControl, 'access-control-allow-origin': '*' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}/assets` })));
}

async function warmPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  return page;
}

async function main() {
  console.log(`bench:pdf — ${os()}, Chromium ${EXECUTABLE}, load average ${loadavg().map((l) => round(l, 2)).join(' ')}`);
  const meta = { title: '某某有限公司集体合同', author: '某某有限公司工会委员会', subject: '集体合同（综合）', keywords: ['集体合同', '劳动报酬', '工作时间'] };

  // (a)'s renderer as the service builds it (the templates' characters in the fonts' cores), started first.
  const core = templateCodePoints();
  const newRenderer = () => new PuppeteerPdfRenderer({ pages: 2, coreCodePoints: core });
  let renderer = newRenderer();
  await renderer.start();
  const html = contractHtml();
  const probe = await renderer.render({ html, ...meta });
  console.log(`  the contract: ${probe.pages} pages, ${round(probe.pdf.length / 1024, 1)} KB, ${new Set(html).size} distinct characters; blocked ${probe.blocked.length}`);

  // (b) gets what (a)'s pages get: the same HTML with the renderer's @font-face rules and the same font
  // bytes (cores and this document's supplements), served over loopback HTTP, cacheable.
  const prepared = await renderer.prepare(html);
  const assetPath = (url: string) => url.replace(/^\/assets\//, '');
  const onServer = (page: string, base: string) => page.replaceAll(ASSET_URL, `${base}/`);
  const subsetServer = await fontServer((path) => prepared.fonts.get(assetPath(path)));
  const bareHtml = onServer(prepared.html, subsetServer.base);
  // (b″): the same bytes never cached (new URLs for every document, no-store).
  const freshServer = await fontServer((path) => prepared.fonts.get(assetPath(path)), 'no-store');
  let documentNumber = 0;
  const freshHtml = () => onServer(prepared.html, freshServer.base).replace(/\.ttf\)/g, `.ttf?document=${++documentNumber})`);
  // (b′): the whole faces in place of the subsets.
  const whole = new Map(DEFAULT_FONTS.map((f) => [f.path.replace(/\.ttf$/, ''), TrueTypeFace.fromFile(f.file, f.face).full()]));
  const wholeServer = await fontServer((path) => whole.get(assetPath(path).replace(/\.(core|x)-[0-9a-f]+\.ttf$/, '')));
  const wholeHtml = onServer(prepared.html, wholeServer.base);
  // (a″): a new contract every time (another enterprise's name, in characters of GB 2312's second level,
  // which no template has): each document needs supplements of its own, cut for it.
  const level2 = new TextDecoder('gb18030');
  let partyNumber = 0;
  const rare = (i: number) => level2.decode(Uint8Array.of(0xd8 + (Math.floor(i / 94) % 32), 0xa1 + (i % 94)));
  const newContract = () => {
    const n = ++partyNumber * 4;
    return contractHtml('cb-song', `${rare(n)}${rare(n + 1)}${rare(n + 2)}${rare(n + 3)}有限公司`);
  };
  const rows: Row[] = [];

  // (b) bare Puppeteer: two warm pages.
  const bare = await puppeteer.launch({ executablePath: EXECUTABLE, headless: true, pipe: true, args: BARE_ARGS });
  const pages = [await warmPage(bare), await warmPage(bare)];
  for (const page of pages) {
    await page.setContent(bareHtml, { waitUntil: 'load' });
    await page.pdf(PDF_OPTIONS);
  }
  const bareTask = (content: string | (() => string)) => async (worker: number) => {
    await pages[worker].setContent(typeof content === 'string' ? content : content(), { waitUntil: 'load' });
    return (await pages[worker].pdf(PDF_OPTIONS)).length;
  };

  // Side by side: the machine is shared, its load moves within minutes, so (a) and (b) run in short
  // alternating blocks (the order turning every round) rather than one after the other.
  const a2 = new Tally('(a) PuppeteerPdfRenderer', 2);
  const aFresh2 = new Tally('(a″) renderer, a new contract each time', 2);
  const b2 = new Tally('(b) bare, two warm pages', 2);
  const b1 = new Tally('(b) bare, one warm page', 1);
  const bFresh2 = new Tally('(b″) bare, fonts cut per document', 2);
  const bFresh1 = new Tally('(b″) bare, fonts cut per document', 1);
  const variants: [Tally, number, (worker: number) => Promise<number>][] = [
    [a2, BLOCK, async () => (await renderer.render({ html, ...meta })).pdf.length],
    [aFresh2, BLOCK, async () => (await renderer.render({ html: newContract(), ...meta })).pdf.length],
    [b2, BLOCK, bareTask(bareHtml)],
    [bFresh2, BLOCK, bareTask(freshHtml)],
    [b1, BLOCK / 2, bareTask(bareHtml)],
    [bFresh1, BLOCK / 2, bareTask(freshHtml)],
  ];
  console.log(`side by side: ${ROUNDS} rounds of ${BLOCK} documents at concurrency 2 (${BLOCK / 2} at 1) per variant, in turn`);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < variants.length; i++) {
      const [tally, count, task] = variants[(i + round) % variants.length];
      await block(tally, count, task);
    }
  }
  for (const tally of [a2, b2, aFresh2, bFresh2, b1, bFresh1]) {
    rows.push(tally.row());
    printRow(tally.row());
  }
  const a = a2.row();
  const b = b2.row();
  const bFresh = bFresh2.row();
  const aFresh = aFresh2.row();

  console.log('whole faces, and a browser per document');
  await pages[0].setContent(wholeHtml, { waitUntil: 'load' });
  await pages[0].pdf(PDF_OPTIONS);
  rows.push(await drive('(b′) bare, whole faces (17 + 17 + 11 MB)', 1, Math.max(3, COLD_RENDERS), bareTask(wholeHtml)));
  await bare.close();
  rows.push(
    await drive(
      '(c) launch, setContent, pdf, close',
      1,
      COLD_RENDERS,
      async () => {
        const browser = await puppeteer.launch({ executablePath: EXECUTABLE, headless: true, pipe: true, args: BARE_ARGS });
        try {
          const [page] = await browser.pages();
          await page.setJavaScriptEnabled(false);
          await page.setContent(bareHtml, { waitUntil: 'load' });
          return (await page.pdf(PDF_OPTIONS)).length;
        } finally {
          await browser.close();
        }
      },
      { cpuFloor: true },
    ),
  );
  subsetServer.server.close();
  wholeServer.server.close();
  freshServer.server.close();
  whole.clear();

  // (a) alone for RENDERS renders on a fresh renderer: memory every 100.
  await renderer.close();
  renderer = newRenderer();
  await renderer.start();
  console.log(`(a) PuppeteerPdfRenderer alone, 2 pages, ${RENDERS} renders (the browser is replaced every 500)`);
  const memory: MemorySample[] = [];
  const sample = (renders: number) => {
    const s = { renders, cpuS: cpuSeconds(), serviceMb: serviceMb(), browsersMb: descendantsRssMb(), browsersPrivateMb: descendantsRssMb(process.pid, 'private'), totalMb: 0, generation: renderer.stats().generation };
    s.totalMb = round(s.serviceMb + s.browsersMb, 1);
    memory.push(s);
    console.log(`    after ${String(renders).padStart(5)} renders: service RSS ${s.serviceMb} MB + browsers PSS ${s.browsersMb} MB = ${s.totalMb} MB   (browsers private ${s.browsersPrivateMb} MB, browser #${s.generation})`);
  };
  const long = await drive(
    '(a) PuppeteerPdfRenderer, long run',
    2,
    RENDERS,
    async () => (await renderer.render({ html, ...meta })).pdf.length,
    {
      onDone: (done) => {
        if (done % 100 === 0) sample(done);
      },
      cpuFloor: true,
    },
  );
  // The run's CPU misses the renderers of the browsers it replaced (they end after their browser and are
  // not reaped here): the CPU per document is taken between two samples on the same browser instead.
  let window: [MemorySample, MemorySample] | undefined;
  for (let i = 0; i < memory.length; i++) {
    for (let j = i + 1; j < memory.length && memory[j].generation === memory[i].generation; j++) {
      if (!window || memory[j].renders - memory[i].renders > window[1].renders - window[0].renders) window = [memory[i], memory[j]];
    }
  }
  if (window) {
    long.cpuMs = round(((window[1].cpuS - window[0].cpuS) * 1000) / (window[1].renders - window[0].renders), 0);
    console.log(`    CPU per document between renders ${window[0].renders} and ${window[1].renders} (one browser):`);
    printRow(long);
  }
  rows.push(long);
  // The same once the browsers have settled (a successor launched at render 1,000 is up, the old one gone).
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const settled = { serviceMb: serviceMb(), browsersMb: descendantsRssMb(), browsersPrivateMb: descendantsRssMb(process.pid, 'private'), generation: renderer.stats().generation };
  console.log(`    settled 3 s later: service RSS ${settled.serviceMb} MB + browsers PSS ${settled.browsersMb} MB   (browsers private ${settled.browsersPrivateMb} MB, browser #${settled.generation})`);
  const stats = renderer.stats();

  // PDF size by body face (one render each): the body face decides the size.
  const sizes: Record<string, number> = {};
  for (const [name, family] of [['UMing (Song/Ming)', 'cb-song'], ['UKai (Kai)', 'cb-kai'], ['WenQuanYi Zen Hei (Hei)', 'cb-hei']]) {
    const r = await renderer.render({ html: contractHtml(family), ...meta });
    sizes[name] = round(r.pdf.length / 1024, 1);
  }
  console.log(`  PDF size by body face: ${Object.entries(sizes).map(([k, v]) => `${k} ${v} KB`).join(', ')}`);
  await renderer.close();

  const at = (n: number) => memory.find((m) => m.renders === n) ?? memory[memory.length - 1];
  const m100 = at(100);
  const mEnd = memory[memory.length - 1];
  const growth = m100 && mEnd ? round((mEnd.totalMb - m100.totalMb) / m100.totalMb, 3) : null;
  const peak = memory.reduce<MemorySample | undefined>((p, m) => (!p || m.totalMb > p.totalMb ? m : p), undefined);
  const peakGrowth = m100 && peak ? round((peak.totalMb - m100.totalMb) / m100.totalMb, 3) : null;
  const serviceGrowth = m100 && mEnd ? round((mEnd.serviceMb - m100.serviceMb) / m100.serviceMb, 3) : null;
  const ratio = round(a.perSecond / b.perSecond, 2);
  const ratioFresh = round(aFresh.perSecond / bFresh.perSecond, 2);
  const cpuRatio = round(b.cpuMs / a.cpuMs, 2);
  const pct = (g: number | null) => (g === null ? 'n/a' : `${g > 0 ? '+' : ''}${round(g * 100, 1)} %`);
  console.log('targets');
  console.log(`  (a) ≥ 0.8 × (b) at concurrency 2   ${ratio} × ${ratio >= 0.8 ? '✓' : '✗'}   (by CPU per document ${cpuRatio} ×; a new contract each time (a″) vs uncached fonts (b″): ${ratioFresh} ×)`);
  console.log(`  (a) ≥ 4 documents/s                ${a.perSecond} side by side, ${long.perSecond} alone ${Math.max(a.perSecond, long.perSecond) >= 4 ? '✓' : '✗'}   (2 cores ÷ CPU per document: ${round(2000 / long.cpuMs, 1)})`);
  console.log(`  PDF ≤ 100 KB                       ${a.pdfKb} KB ${a.pdfKb <= 100 ? '✓' : '✗'}`);
  console.log(`  memory after ${mEnd?.renders} ≤ 115 % of after 100      ${pct(growth)} ${growth !== null && growth <= 0.15 ? '✓' : '✗'}   (service alone ${pct(serviceGrowth)}; peak ${peak?.totalMb} MB after ${peak?.renders}: ${pct(peakGrowth)})`);
  console.log(`  load average at the end ${loadavg().map((l) => round(l, 2)).join(' ')}`);
  console.log(
    JSON.stringify({
      bench: 'pdf',
      pages: probe.pages,
      rows,
      memory,
      settled,
      renderer: stats,
      pdfKbByBodyFace: sizes,
      targets: { aOverB: ratio, aOverBByCpu: cpuRatio, aOverBFresh: ratioFresh, aPerSecond: a.perSecond, aPerSecondAlone: long.perSecond, pdfKb: a.pdfKb, memoryGrowth: growth, memoryPeakGrowth: peakGrowth, serviceMemoryGrowth: serviceGrowth },
      loadavg: loadavg(),
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
