// The campaign dashboard (集中要约月工作台). Runs under a CSP of 'self' only: no inline script or style,
// every request to this service. Signs in through POST /api/auth/login, keeps the token in sessionStorage
// (gone with the tab) and reads the figures from the authenticated API. Data reaches the DOM only as text
// (textContent), never as HTML.

const TOKEN_KEY = 'cb.dashboard.token';
const $ = (id) => document.getElementById(id);
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const KIND_LABELS = {
  comprehensive: '综合性集体合同',
  wage: '工资专项',
  women_workers: '女职工权益保护专项',
  safety_health: '劳动安全卫生专项',
  industry: '行业性集体合同',
  regional: '区域性集体合同',
};

const COLORS = { offers: '#1f5fa8', enterprisesOffered: '#1f5fa8', responses: '#6b4fa3', signed: '#2e7d32', filed: '#a15c00', target: '#1d1d1f' };

/** The KPI cards: a rate (per cent) or a count against its target. */
const KPIS = [
  { key: 'offerRate', label: '要约率', detail: (r) => `要约企业 ${int(r.enterprisesOffered)} / 在册企业 ${int(r.enterprisesInScope)}` },
  { key: 'responseRate', label: '应约率', detail: (r) => `已应约 ${int(r.responses)} / 已要约 ${int(r.offers)}` },
  { key: 'signingRate', label: '签约率', detail: (r) => `已签约 ${int(r.signed)} / 已要约 ${int(r.offers)}` },
  { key: 'filingRate', label: '备案率', detail: (r) => `已备案 ${int(r.filed)} / 已签约 ${int(r.signed)}` },
  { key: 'establishmentRate', label: '动态建制率', detail: (r) => `建制企业 ${int(r.enterprisesEstablished)} / 在册企业 ${int(r.enterprisesInScope)}` },
  { key: 'employeesCovered', label: '覆盖职工', count: true, detail: (r) => `在册企业职工 ${int(r.employeesInScope)} 人` },
];

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,
  campaigns: [],
  regions: new Map(),
  children: new Map(),
  industries: new Map(),
  filters: { campaign: '', region: '', industry: '', kind: '' },
  stats: null,
  charts: new Map(),
  request: null,
};

// ---------------------------------------------------------------- formatting

const int = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));
const pct = (n) => (n === null || n === undefined ? '—' : `${Number(n).toFixed(1)}%`);
const dayDiff = (later, earlier) => Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86400000);

function days(from, to) {
  const out = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && out.length < 400; t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'className') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** A data table: the caption, a header row, rows of cells (text, a number, or a node). */
function fillTable(table, caption, head, rows, empty = '暂无数据') {
  table.replaceChildren(
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col', className: h.num ? 'num' : undefined, text: h.text })))),
    el(
      'tbody',
      {},
      rows.length
        ? rows.map((cells) => el('tr', {}, cells.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', { className: head[i]?.num ? 'num' : undefined }, c)))))
        : [el('tr', {}, el('td', { colspan: head.length, className: 'empty', text: empty }))],
    ),
  );
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `请求失败（${status}）`);
    this.status = status;
    this.body = body;
  }
}
class SignedOut extends Error {}

async function api(path, { signal } = {}) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${state.token}`, Accept: 'application/json' }, signal });
  if (res.status === 401) {
    signOut('登录已失效，请重新登录。');
    throw new SignedOut();
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

// ---------------------------------------------------------------- sign-in

function showSignIn(message = '') {
  $('loading').hidden = true;
  $('dashboard').hidden = true;
  $('session').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('username').focus();
}

function signOut(message = '') {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  state.request?.abort();
  for (const chart of state.charts.values()) chart.dispose();
  state.charts.clear();
  $('figures').hidden = true;
  showSignIn(message);
}

async function onSignIn(event) {
  event.preventDefault();
  const username = $('username').value.trim();
  const password = $('password').value;
  $('username').setAttribute('aria-invalid', String(!username));
  $('password').setAttribute('aria-invalid', String(!password));
  if (!username || !password) {
    $('sign-in-error').textContent = '请输入用户名和密码。';
    (username ? $('password') : $('username')).focus();
    return;
  }
  const submit = $('sign-in-submit');
  submit.disabled = true;
  $('sign-in-error').textContent = '';
  try {
    const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = await res.json().catch(() => null);
    if (!res.ok || !body?.accessToken) {
      $('sign-in-error').textContent = (body && (body.detail || body.title)) || `登录失败（${res.status}）`;
      $('password').select();
      return;
    }
    state.token = body.accessToken;
    sessionStorage.setItem(TOKEN_KEY, state.token);
    $('password').value = '';
    $('username').removeAttribute('aria-invalid');
    $('password').removeAttribute('aria-invalid');
    await start({ focus: true });
  } catch (err) {
    $('sign-in-error').textContent = `无法连接服务：${err.message}`;
  } finally {
    submit.disabled = false;
  }
}

// ---------------------------------------------------------------- regions

const isWithin = (code, ancestor) => {
  for (let c = code; c; c = state.regions.get(c)?.parentCode) if (c === ancestor) return true;
  return false;
};
const regionName = (code) => state.regions.get(code)?.name ?? code;
const drillable = (code) => (state.children.get(code)?.length ?? 0) > 0;

/** The root of the part of the campaign's scope the user may see (as the service computes it). */
function scopeRoot(campaign) {
  return isWithin(campaign.regionCode, state.me.regionCode) ? campaign.regionCode : state.me.regionCode;
}

function currentCampaign() {
  return state.campaigns.find((c) => c.id === state.filters.campaign);
}

function fillRegionSelect(campaign) {
  const root = scopeRoot(campaign);
  const select = $('region');
  const options = [];
  const walk = (code, depth) => {
    const label = `${'\u3000'.repeat(depth)}${regionName(code)}${depth === 0 ? '（全部）' : ''}`;
    options.push(el('option', { value: code, text: label }));
    for (const child of state.children.get(code) ?? []) walk(child, depth + 1);
  };
  walk(root, 0);
  select.replaceChildren(...options);
  select.value = state.filters.region || root;
}

function fillKindSelect(campaign) {
  $('kind').replaceChildren(el('option', { value: '', text: '全部类型' }), ...campaign.kinds.map((k) => el('option', { value: k, text: KIND_LABELS[k] ?? k })));
  $('kind').value = state.filters.kind;
}

function renderCrumbs(campaign) {
  const root = scopeRoot(campaign);
  const here = state.filters.region || root;
  const path = [];
  for (let c = here; c; c = state.regions.get(c)?.parentCode) {
    path.unshift(c);
    if (c === root) break;
  }
  $('crumbs').hidden = path.length < 2;
  const list = $('crumbs').querySelector('ol');
  list.replaceChildren(
    ...path.map((code, i) =>
      el(
        'li',
        {},
        i === path.length - 1
          ? el('span', { 'aria-current': 'page', text: regionName(code) })
          : el('a', { href: `?${queryOf({ ...state.filters, region: code === root ? '' : code })}`, text: regionName(code), onclick: (e) => (e.preventDefault(), setFilters({ region: code === root ? '' : code })) }),
      ),
    ),
  );
}

// ---------------------------------------------------------------- filters and URL

function queryOf(filters) {
  const q = new URLSearchParams();
  for (const k of ['campaign', 'region', 'industry', 'kind']) if (filters[k]) q.set(k, filters[k]);
  return q.toString();
}

function readUrl() {
  const q = new URLSearchParams(location.search);
  return { campaign: q.get('campaign') ?? '', region: q.get('region') ?? '', industry: q.get('industry') ?? '', kind: q.get('kind') ?? '' };
}

/** Applies filters from the URL or the controls, keeping them within what the chosen campaign offers. */
function applyFilters(next) {
  const f = { ...state.filters, ...next };
  const campaign = state.campaigns.find((c) => c.id === f.campaign) ?? state.campaigns[0];
  f.campaign = campaign.id;
  const root = scopeRoot(campaign);
  if (f.region === root || (f.region && !isWithin(f.region, root))) f.region = '';
  if (f.kind && !campaign.kinds.includes(f.kind)) f.kind = '';
  if (f.industry && !state.industries.has(f.industry)) f.industry = '';
  state.filters = f;
  $('campaign').value = campaign.id;
  fillRegionSelect(campaign);
  fillKindSelect(campaign);
  $('industry').value = f.industry;
  renderCrumbs(campaign);
}

function setFilters(next, { push = true } = {}) {
  applyFilters(next);
  const url = `${location.pathname}?${queryOf(state.filters)}`;
  if (push && url !== `${location.pathname}${location.search}`) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  return loadStats();
}

// ---------------------------------------------------------------- start

async function start({ focus = false } = {}) {
  $('loading').hidden = false;
  $('sign-in').hidden = true;
  try {
    const [me, campaigns, regions, industries] = await Promise.all([api('/api/users/me'), api('/api/campaigns'), api('/api/regions'), api('/api/industries')]);
    state.me = me;
    state.campaigns = campaigns;
    state.regions = new Map(regions.map((r) => [r.code, r]));
    state.children = new Map();
    for (const r of regions) if (r.parentCode) state.children.set(r.parentCode, [...(state.children.get(r.parentCode) ?? []), r.code]);
    state.industries = new Map(industries.map((i) => [i.code, i.name]));
  } catch (err) {
    if (err instanceof SignedOut) return;
    $('loading').hidden = true;
    $('dashboard').hidden = false;
    $('error').textContent = `加载失败：${err.message}`;
    return;
  }
  $('loading').hidden = true;
  $('who').textContent = `${state.me.displayName}（${state.me.username}）`;
  $('session').hidden = false;
  $('dashboard').hidden = false;
  $('industry').replaceChildren(el('option', { value: '', text: '全部行业' }), ...[...state.industries].map(([code, name]) => el('option', { value: code, text: `${code} ${name}` })));
  $('campaign').replaceChildren(...state.campaigns.map((c) => el('option', { value: c.id, text: `${c.name}（${c.startsOn} 至 ${c.endsOn}）` })));
  if (!state.campaigns.length) {
    $('campaign').append(el('option', { value: '', text: '没有可查看的活动' }));
    $('status').textContent = '您的辖区内还没有集中要约活动。';
    if (focus) $('campaign').focus();
    return;
  }
  const wanted = readUrl();
  if (wanted.campaign && !state.campaigns.some((c) => c.id === wanted.campaign)) $('error').textContent = `找不到活动 ${wanted.campaign}，已显示最近的活动。`;
  if (focus) $('campaign').focus();
  await setFilters(wanted, { push: false });
}

// ---------------------------------------------------------------- statistics

async function loadStats() {
  const campaign = currentCampaign();
  if (!campaign) return;
  state.request?.abort();
  const request = new AbortController();
  state.request = request;
  const { region, industry, kind } = state.filters;
  const query = new URLSearchParams();
  if (region) query.set('region', region);
  if (industry) query.set('industry', industry);
  if (kind) query.set('kind', kind);
  const path = `/api/campaigns/${encodeURIComponent(campaign.id)}/stats${query.size ? `?${query}` : ''}`;
  $('status').textContent = '正在加载统计…';
  $('dashboard').setAttribute('aria-busy', 'true');
  try {
    const stats = await api(path, { signal: request.signal });
    if (state.request !== request) return;
    state.stats = stats;
    $('error').textContent = '';
    render(stats);
    $('figures').dataset.query = `${campaign.id}?${query}`;
  } catch (err) {
    if (err instanceof SignedOut || err.name === 'AbortError') return;
    $('error').textContent = `统计加载失败：${err.message}`;
    $('status').textContent = '';
  } finally {
    if (state.request === request) $('dashboard').removeAttribute('aria-busy');
  }
}

function render(s) {
  $('figures').hidden = false;
  const parts = [s.campaign.name, s.region.name];
  if (state.filters.industry) parts.push(state.industries.get(state.filters.industry) ?? state.filters.industry);
  if (state.filters.kind) parts.push(KIND_LABELS[state.filters.kind] ?? state.filters.kind);
  $('status').textContent = `${parts.join(' · ')} · 数据截至 ${s.asOf}`;
  renderKpis(s.totals);
  renderRegions(s);
  renderHeat(s);
  renderDaily(s);
  renderRenewal(s);
  renderOverdue(s);
}

function attainmentOf(value, target) {
  if (target === null || target === undefined) return { cls: 'untargeted', text: '未设目标', share: null };
  if (value === null || value === undefined) return { cls: 'untargeted', text: '暂无数据（分母为 0）', share: null };
  const share = target > 0 ? (value / target) * 100 : 100;
  const cls = share >= 100 ? 'attained' : share >= 80 ? 'near' : 'behind';
  const word = cls === 'attained' ? '已达标' : cls === 'near' ? '接近目标' : '落后于目标';
  return { cls, text: `达成 ${Math.round(share)}%（${word}）`, share };
}

function renderKpis(totals) {
  const targets = totals.targets ?? {};
  $('kpis').replaceChildren(
    ...KPIS.map((k) => {
      const value = k.count ? totals.employeesCovered : totals.rates?.[k.key];
      const target = targets[k.key] ?? null;
      const shown = k.count ? `${int(value)} 人` : pct(value);
      const a = attainmentOf(value, target);
      const fill = el('div', { className: 'meter-fill' });
      fill.style.width = `${Math.min(100, Math.max(0, a.share ?? 0))}%`;
      return el(
        'li',
        { className: `kpi ${a.cls}`, dataset: { kpi: k.key, value: value ?? '', target: target ?? '' } },
        el('h3', { text: k.label }),
        el('p', { className: 'kpi-value', text: shown }),
        el('p', { className: 'kpi-target' }, target === null ? '未设目标' : [`目标 ${k.count ? `${int(target)} 人` : pct(target)}`, ' · ', el('span', { className: 'attainment', text: a.text })]),
        el(
          'div',
          {
            className: 'meter',
            role: 'progressbar',
            'aria-label': `${k.label}目标达成度`,
            'aria-valuemin': 0,
            'aria-valuemax': 100,
            'aria-valuenow': a.share === null ? undefined : Math.min(100, Math.round(a.share)),
            'aria-valuetext': a.text,
          },
          fill,
        ),
        el('p', { className: 'kpi-detail', text: k.detail(totals) }),
      );
    }),
  );
}

// ---------------------------------------------------------------- charts

function chart(id) {
  const node = $(id);
  if (!window.echarts) return null;
  let c = state.charts.get(id);
  if (!c) {
    c = window.echarts.init(node, null, { renderer: 'canvas' });
    state.charts.set(id, c);
    new ResizeObserver(() => c.resize()).observe(node);
  }
  return c;
}

const base = () => ({
  animation: !reducedMotion,
  aria: { enabled: false },
  textStyle: { fontFamily: getComputedStyle(document.documentElement).fontFamily },
  tooltip: { renderMode: 'richText', confine: true },
  grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
});

/** How many a target rate asks for, of the row's denominator; undefined without a target. */
function targetCount(row, key) {
  const rate = row.targets?.[key];
  if (rate === null || rate === undefined) return undefined;
  const of = { offerRate: row.enterprisesInScope, signingRate: row.offers, filingRate: row.signed }[key];
  return Math.round((rate / 100) * of);
}

function renderRegions(s) {
  const rows = s.byRegion;
  const measures = [
    // The offer rate counts enterprises (each once), so its bar and target do too; signing and filing count contracts.
    { key: 'enterprisesOffered', name: '要约企业', target: 'offerRate' },
    { key: 'signed', name: '签约', target: 'signingRate' },
    { key: 'filed', name: '备案', target: 'filingRate' },
  ];
  const c = chart('chart-regions');
  if (c) {
    const names = rows.map((r) => r.name);
    c.setOption(
      {
        ...base(),
        tooltip: { ...base().tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0, data: [...measures.map((m) => m.name), '目标'] },
        xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 5 ? 40 : 0, hideOverlap: false } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          ...measures.map((m) => ({ type: 'bar', name: m.name, data: rows.map((r) => r[m.key]), itemStyle: { color: COLORS[m.key] }, barGap: '20%', barCategoryGap: '30%', cursor: 'pointer' })),
          ...measures.map((m) => ({
            type: 'pictorialBar',
            name: '目标',
            symbol: 'rect',
            symbolSize: ['100%', 3],
            symbolPosition: 'end',
            barGap: '20%',
            barCategoryGap: '30%',
            z: 10,
            itemStyle: { color: COLORS.target },
            tooltip: { valueFormatter: (v) => `${m.name}目标 ${v}` },
            data: rows.map((r) => targetCount(r, m.target) ?? '-'),
          })),
        ],
      },
      { notMerge: true },
    );
    c.off('click');
    c.on('click', (p) => {
      const row = rows[p.dataIndex];
      if (row && row.code !== s.region.code && drillable(row.code)) setFilters({ region: row.code });
    });
  }
  $('chart-regions').setAttribute('aria-label', `分地区进展柱状图，共 ${rows.length} 个地区；数据见下方数据表`);
  fillTable(
    $('table-regions'),
    `${s.region.name}各下级地区的进展`,
    [{ text: '地区' }, { text: '在册企业', num: true }, { text: '要约企业', num: true }, { text: '要约企业目标', num: true }, { text: '签约', num: true }, { text: '签约目标', num: true }, { text: '备案', num: true }, { text: '备案目标', num: true }, { text: '签约率', num: true }],
    rows.map((r) => [
      r.code !== s.region.code && drillable(r.code) ? el('button', { type: 'button', className: 'drill', text: r.name, 'aria-label': `查看${r.name}的下级地区`, onclick: () => setFilters({ region: r.code }) }) : r.name,
      int(r.enterprisesInScope),
      int(r.enterprisesOffered),
      int(targetCount(r, 'offerRate')),
      int(r.signed),
      int(targetCount(r, 'signingRate')),
      int(r.filed),
      int(targetCount(r, 'filingRate')),
      pct(r.rates?.signingRate),
    ]),
    '该地区没有下级地区',
  );
}

function renderHeat(s) {
  // Only regions with enterprises on the roster or offers: a province's empty prefectures would be rows of blanks.
  const active = new Set(s.heat.map((h) => h.regionCode));
  const regions = s.byRegion.filter((r) => active.has(r.code) || r.enterprisesInScope > 0 || r.offers > 0);
  const industryCodes = [...new Set([...s.heat.map((h) => h.industryCode), ...s.byIndustry.filter((i) => i.offers > 0).map((i) => i.code)])].sort();
  const industryName = (code) => (code ? (s.byIndustry.find((i) => i.code === code)?.name ?? state.industries.get(code) ?? code) : '未填行业');
  const cell = new Map(s.heat.map((h) => [`${h.regionCode}|${h.industryCode}`, h]));
  const node = $('chart-heat');
  node.style.height = `${Math.max(280, regions.length * 30 + 150)}px`;
  const c = chart('chart-heat');
  if (c) {
    // Cells with offers take the colour of their rate; cells without any are grey ('—'), outside the scale.
    const data = [];
    const none = [];
    regions.forEach((r, y) =>
      industryCodes.forEach((code, x) => {
        const h = cell.get(`${r.code}|${code}`);
        if (h && h.offers > 0 && h.signingRate !== null && h.signingRate !== undefined) data.push([x, y, h.signingRate, h.signed, h.offers]);
        else none.push([x, y, 0]);
      }),
    );
    c.setOption(
      {
        ...base(),
        grid: { left: 8, right: 16, top: 16, bottom: 56, containLabel: true },
        tooltip: {
          ...base().tooltip,
          formatter: (p) => `${regions[p.value[1]].name} · ${industryName(industryCodes[p.value[0]])}\n${p.seriesIndex === 0 ? `签约率 ${pct(p.value[2])}（${p.value[3]} / ${p.value[4]}）` : '没有要约'}`,
        },
        xAxis: { type: 'category', data: industryCodes.map(industryName), axisLabel: { interval: 0, rotate: 35, width: 90, overflow: 'truncate' } },
        yAxis: { type: 'category', data: regions.map((r) => r.name), inverse: true },
        visualMap: { type: 'continuous', seriesIndex: 0, min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 160, text: ['100%', '0%'], inRange: { color: ['#fdeceb', '#e58b84', '#8c1d17'] } },
        series: [
          { type: 'heatmap', name: '签约率', data, itemStyle: { borderColor: '#fff', borderWidth: 1 }, label: { show: true, formatter: (p) => `${Math.round(p.value[2])}%` }, emphasis: { itemStyle: { borderColor: '#1d1d1f', borderWidth: 1 } } },
          { type: 'heatmap', name: '没有要约', data: none, itemStyle: { color: '#e4e4e8', borderColor: '#fff', borderWidth: 1 }, label: { show: true, formatter: '—', color: '#5a5a60' } },
        ],
      },
      { notMerge: true },
    );
    c.resize();
  }
  node.setAttribute('aria-label', `签约率热力图：${regions.length} 个地区 × ${industryCodes.length} 个行业；数据见下方数据表`);
  fillTable(
    $('table-heat'),
    '各地区各行业的签约率（已签约 / 已要约；只列出有在册企业或要约的地区）',
    [{ text: '地区' }, ...industryCodes.map((code) => ({ text: industryName(code), num: true }))],
    regions.map((r) => [
      r.name,
      ...industryCodes.map((code) => {
        const h = cell.get(`${r.code}|${code}`);
        return h && h.offers ? `${pct(h.signingRate)}（${h.signed}/${h.offers}）` : '—';
      }),
    ]),
  );
}

function renderDaily(s) {
  const by = new Map(s.daily.map((d) => [d.day, d]));
  const period = days(s.campaign.startsOn, s.campaign.endsOn);
  const series = [
    { key: 'offers', name: '要约' },
    { key: 'responses', name: '应约' },
    { key: 'signed', name: '签约' },
    { key: 'filed', name: '备案' },
  ];
  const value = (day, key) => (day > s.asOf ? null : (by.get(day)?.[key] ?? 0));
  const c = chart('chart-daily');
  if (c) {
    c.setOption(
      {
        ...base(),
        tooltip: { ...base().tooltip, trigger: 'axis' },
        legend: { top: 0, data: series.map((x) => x.name) },
        xAxis: { type: 'category', data: period.map((d) => d.slice(5)), boundaryGap: false },
        yAxis: { type: 'value', minInterval: 1 },
        series: series.map((x) => ({ type: 'line', name: x.name, data: period.map((d) => value(d, x.key)), itemStyle: { color: COLORS[x.key] }, lineStyle: { color: COLORS[x.key] }, showSymbol: period.length <= 31, connectNulls: false })),
      },
      { notMerge: true },
    );
  }
  $('chart-daily').setAttribute('aria-label', `每日进展折线图，${s.campaign.startsOn} 至 ${s.campaign.endsOn}；数据见下方数据表`);
  fillTable(
    $('table-daily'),
    '每日要约、应约、签约、备案件数',
    [{ text: '日期' }, ...series.map((x) => ({ text: x.name, num: true }))],
    period.filter((d) => d <= s.asOf).map((d) => [d, ...series.map((x) => int(value(d, x.key)))]),
  );
}

function renderRenewal(s) {
  const t = s.totals;
  $('renewal').replaceChildren(
    el('li', { dataset: { renewal: '3' } }, el('span', { className: 'tile-value', text: int(t.expiring3Months) }), '3 个月内到期的合同'),
    el('li', { dataset: { renewal: '6' } }, el('span', { className: 'tile-value', text: int(t.expiring6Months) }), '6 个月内到期的合同'),
  );
  const rows = s.byRegion;
  const c = chart('chart-renewal');
  if (c) {
    c.setOption(
      {
        ...base(),
        tooltip: { ...base().tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0, data: ['3 个月内', '3–6 个月'] },
        xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 5 ? 40 : 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { type: 'bar', stack: 'expiring', name: '3 个月内', data: rows.map((r) => r.expiring3Months), itemStyle: { color: '#b3261e' } },
          { type: 'bar', stack: 'expiring', name: '3–6 个月', data: rows.map((r) => r.expiring6Months - r.expiring3Months), itemStyle: { color: '#e8a29d' } },
        ],
      },
      { notMerge: true },
    );
  }
  $('chart-renewal').setAttribute('aria-label', `续签预警柱状图：3 个月内到期 ${int(t.expiring3Months)} 份，6 个月内到期 ${int(t.expiring6Months)} 份；分地区数据见下方数据表`);
  fillTable(
    $('table-renewal'),
    '各地区即将到期的合同',
    [{ text: '地区' }, { text: '3 个月内', num: true }, { text: '6 个月内', num: true }, { text: '生效合同', num: true }],
    rows.map((r) => [r.name, int(r.expiring3Months), int(r.expiring6Months), int(r.contractsInForce)]),
  );
}

/** A state's label: the workflow's Chinese one ({zh, en}) or the state's name. */
const labelOf = (label, fallback) => (label && typeof label === 'object' ? label.zh : label) || fallback;

function renderOverdue(s) {
  // Cases link to the API for now: the case page comes with issue 7.
  fillTable(
    $('table-overdue'),
    `逾期案件（${s.overdue.length} 件）`,
    [{ text: '案件' }, { text: '状态' }, { text: '地区' }, { text: '用人单位' }, { text: '开始日期' }, { text: '下一期限' }],
    s.overdue.map((o) => [
      el('a', { href: `/api/cases/${encodeURIComponent(o.id)}`, text: o.title, dataset: { caseId: o.id } }),
      labelOf(o.stateLabel, o.state),
      o.regionName,
      o.employerName ?? '—',
      o.startedOn ?? '—',
      o.nextDueOn ? `${o.nextDueOn}${o.nextDueOn < s.asOf ? `（已过 ${dayDiff(s.asOf, o.nextDueOn)} 天）` : ''}` : '—',
    ]),
    '没有逾期案件',
  );
}

// ---------------------------------------------------------------- wiring

$('sign-in-form').addEventListener('submit', onSignIn);
$('sign-out').addEventListener('click', () => signOut('已退出登录。'));
$('campaign').addEventListener('change', (e) => setFilters({ campaign: e.target.value, region: '', kind: '' }));
$('region').addEventListener('change', (e) => setFilters({ region: e.target.value }));
$('industry').addEventListener('change', (e) => setFilters({ industry: e.target.value }));
$('kind').addEventListener('change', (e) => setFilters({ kind: e.target.value }));
$('filters').addEventListener('submit', (e) => e.preventDefault());
window.addEventListener('popstate', () => {
  if (state.token && state.campaigns.length) setFilters(readUrl(), { push: false });
});

if (state.token) start();
else showSignIn();
