import dagre, { type Edge, type EdgeLabel, type GraphLabel, type NodeLabel, type Point } from '@dagrejs/dagre';
import type { DeadlineSpec, ParamRef, WorkflowDefinition } from '../definition/workflow-definition.js';
import { listTransitions, type DiagramTransition } from './transitions.js';

export interface SvgOptions {
  /** A state id to mark as the current one (an unknown id is ignored). */
  highlight?: string;
  /** Language of the labels; Chinese by default. */
  lang?: 'zh' | 'en';
  /** Draw the workflow's title above the diagram (default true). */
  title?: boolean;
}

type Lang = 'zh' | 'en';

const FONT = `'AR PL UMing CN', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif`;
const COLOR = {
  ink: '#1e293b',
  muted: '#64748b',
  border: '#475569',
  edge: '#7b8797',
  finalFill: '#eef2f6',
  accent: '#1d4ed8',
  accentDark: '#1e3a8a',
  accentSoft: '#dbeafe',
  deadline: '#b45309',
  deadlineOnAccent: '#fde68a',
};
const SIZE = { label: 15, id: 11, hint: 11, edge: 12, guard: 10, title: 19 };
const LINE = 1.3; // line height, in ems
/** Widest line of a state's label, a transition's caption, a self-loop's caption (English needs more room). */
const WRAP = { zh: { state: 190, edge: 140, loop: 100 }, en: { state: 200, edge: 170, loop: 140 } };
const PAD = { x: 16, y: 10 };
const LOOP = 22; // how far a self-loop reaches out of its state
const GLYPH = 13; // room for the direction arrow before each label of a group of transitions
const INITIAL = '[*]'; // dagre id of the initial dot: not a possible state id

// ---- text ----------------------------------------------------------------------------------------

const WIDE_CHARS = '\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6';
const WIDE = new RegExp(`[${WIDE_CHARS}]`);
/** A short aside in brackets, a CJK character, or a run of other non-space characters with the spaces after it. */
const TOKEN = new RegExp(`[（(][^（）()]{1,8}[）)]|[${WIDE_CHARS}]|[^\\s${WIDE_CHARS}]+\\s*|\\s+`, 'g');
const NO_LINE_START = '，。、；：！？）》」』】,.;:!?)';
const NO_LINE_END = '（《「『【(';

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ENTITIES[c]);
}

/** Estimated width: CJK characters about 1em, others about 0.6em. */
function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += WIDE.test(ch) ? 1 : 0.6;
  return em * size;
}

/** Greedy line breaking: between CJK characters or at spaces, never before closing punctuation. */
function breakLines(text: string, size: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of text.match(TOKEN) ?? []) {
    if (line.trim() && textWidth((line + token).trimEnd(), size) > max && !NO_LINE_START.includes(token[0])) {
      const carry = NO_LINE_END.includes(line.at(-1)!) ? line.at(-1)! : ''; // an opening bracket goes with what it opens
      lines.push(line.slice(0, line.length - carry.length).trimEnd());
      line = carry + token.trimStart();
    } else line += token;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** Lines at most `max` wide, as even as can be: the narrowest breaking that needs no more lines. */
function wrap(text: string, size: number, max: number): string[] {
  let best = breakLines(text, size, max);
  for (let width = max - 6; best.length > 1 && width > 0; width -= 6) {
    const lines = breakLines(text, size, width);
    if (lines.length > best.length) break;
    best = lines;
  }
  return best;
}

const widest = (lines: string[], size: number) => Math.max(0, ...lines.map((l) => textWidth(l, size)));

/** A number for an attribute, rounded to 0.1. */
const n = (v: number) => String(Math.round(v * 10) / 10);

/** A text element with one tspan per line; `y` is the baseline of the first line. */
function text(lines: string[], x: number, y: number, size: number, attrs: string): string {
  const spans = lines.map((l, i) => `<tspan x="${n(x)}" dy="${i ? n(size * LINE) : 0}">${escapeXml(l)}</tspan>`);
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" ${attrs}>${spans.join('')}</text>`;
}

// ---- model ---------------------------------------------------------------------------------------

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** An event's label: wrapped lines, and the guard (or "else") below them. */
interface Caption {
  t: DiagramTransition;
  lines: string[];
  guard?: string;
  w: number;
  h: number;
}

interface StateNode {
  id: string;
  name: string; // the label, unwrapped
  label: string[];
  hint?: string;
  hintTitle?: string;
  final: boolean;
  current: boolean;
  loops: Caption[];
  loopsWidth: number;
  box: Box;
}

/** The transitions between two states, either way: one edge for dagre, drawn as side-by-side arrows. */
interface Group {
  from: string;
  to: string;
  captions: Caption[];
  w: number;
  h: number;
}

function caption(def: WorkflowDefinition, t: DiagramTransition, lang: Lang, max: number): Caption {
  const lines = wrap(def.events[t.event]?.label[lang] ?? t.event, SIZE.edge, max);
  const guard = t.guard ? `[${t.guard}]` : t.fallback ? (lang === 'en' ? '[else]' : '[否则]') : undefined;
  const w = Math.max(widest(lines, SIZE.edge), guard ? textWidth(guard, SIZE.guard) : 0);
  return { t, lines, guard, w, h: (lines.length * SIZE.edge + (guard ? SIZE.guard : 0)) * LINE };
}

/** The height a self-loop and its caption take beside the state. */
const loopRow = (l: Caption) => Math.max(22, l.h + 6);

function param(def: WorkflowDefinition, ref: ParamRef | undefined): number | undefined {
  return typeof ref === 'string' ? def.parameters[ref.slice(1)] : ref;
}

/** "20日", "10个工作日", "提前3个月": how long a deadline runs, for the clock mark. */
function deadlineHint(def: WorkflowDefinition, d: DeadlineSpec, lang: Lang): string {
  if ('days' in d) {
    const days = param(def, d.days);
    if (lang === 'en') return d.calendar === 'working' ? `${days} working days` : `${days} days`;
    return d.calendar === 'working' ? `${days}个工作日` : `${days}日`;
  }
  const months = param(def, d.monthsBefore);
  if (months) return lang === 'en' ? `${months} months ahead` : `提前${months}个月`;
  return lang === 'en' ? 'on date' : '到期日';
}

function stateNode(def: WorkflowDefinition, id: string, lang: Lang, current: boolean, selfTransitions: DiagramTransition[]): StateNode {
  const state = def.machine.states[id];
  const name = state.meta.label[lang];
  const label = wrap(name, SIZE.label, WRAP[lang].state);
  const deadlines = state.meta.deadlines ?? [];
  const hint = deadlines.map((d) => deadlineHint(def, d, lang)).join(' · ') || undefined;
  const hintTitle = deadlines.map((d) => d.label[lang]).join('; ') || undefined;
  const loops = selfTransitions.map((t) => caption(def, t, lang, WRAP[lang].loop));
  const w = Math.max(
    110,
    widest(label, SIZE.label) + 2 * PAD.x,
    textWidth(id, SIZE.id) + 2 * PAD.x,
    hint ? textWidth(hint, SIZE.hint) + 14 + 2 * PAD.x : 0,
  );
  const contentH = (label.length * SIZE.label + SIZE.id + (hint ? SIZE.hint : 0)) * LINE + 6;
  const loopsH = loops.reduce((sum, l) => sum + loopRow(l), 0);
  const h = Math.max(contentH + 2 * PAD.y, loopsH + 8);
  const loopsWidth = loops.length ? LOOP + 8 + Math.max(...loops.map((l) => l.w)) : 0;
  return { id, name, label, hint, hintTitle, final: state.type === 'final', current, loops, loopsWidth, box: { x: 0, y: 0, w, h } };
}

/** The happy path: the longest chain of forward (in file order), non-system transitions from the initial state. */
function spine(def: WorkflowDefinition, transitions: DiagramTransition[]): Set<DiagramTransition> {
  const order = Object.keys(def.machine.states);
  const best = new Map<string, DiagramTransition[]>([[def.machine.initial, []]]);
  for (const id of order) {
    const path = best.get(id);
    if (!path) continue;
    for (const t of transitions) {
      if (t.from !== id || t.system || order.indexOf(t.to) <= order.indexOf(id)) continue;
      if ((best.get(t.to)?.length ?? -1) < path.length + 1) best.set(t.to, [...path, t]);
    }
  }
  return new Set([...best.values()].reduce((a, b) => (b.length > a.length ? b : a), []));
}

// ---- geometry ------------------------------------------------------------------------------------

/** The polyline moved sideways by `d` (to the left of its direction for d > 0). */
function offset(ps: Point[], d: number): Point[] {
  if (!d) return ps;
  return ps.map((p, i) => {
    const a = ps[Math.max(0, i - 1)];
    const b = ps[Math.min(ps.length - 1, i + 1)];
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    return { x: p.x + (d * (b.y - a.y)) / len, y: p.y - (d * (b.x - a.x)) / len };
  });
}

/** A smooth path through the points: a uniform B-spline pinned at both ends (d3's curveBasis). */
function curve(ps: Point[]): string {
  const P = (p: Point) => `${n(p.x)},${n(p.y)}`;
  if (ps.length < 3) return `M${ps.map(P).join('L')}`;
  let d = `M${P(ps[0])}L${P({ x: (5 * ps[0].x + ps[1].x) / 6, y: (5 * ps[0].y + ps[1].y) / 6 })}`;
  for (let i = 2; i <= ps.length; i++) {
    const [a, b, c] = [ps[i - 2], ps[i - 1], ps[Math.min(i, ps.length - 1)]];
    const c1 = { x: (2 * a.x + b.x) / 3, y: (2 * a.y + b.y) / 3 };
    const c2 = { x: (a.x + 2 * b.x) / 3, y: (a.y + 2 * b.y) / 3 };
    d += `C${P(c1)} ${P(c2)} ${P({ x: (a.x + 4 * b.x + c.x) / 6, y: (a.y + 4 * b.y + c.y) / 6 })}`;
  }
  return `${d}L${P(ps[ps.length - 1])}`;
}

/**
 * Edges meet states on their top or bottom side (the right side holds the self-loops): the ends on one side
 * are spread along it in the order of where they head, so that they neither bunch up nor cross.
 */
function placeEnds(ends: { id: string; box: Box; toward: Point; set: (p: Point) => void }[]) {
  const sides = new Map<string, typeof ends>();
  for (const end of ends) {
    const key = `${end.id} ${end.toward.y < end.box.y ? 'top' : 'bottom'}`;
    sides.set(key, [...(sides.get(key) ?? []), end]);
  }
  for (const side of sides.values()) {
    side.sort((a, b) => a.toward.x - b.toward.x);
    side.forEach(({ box, toward, set }, i) => {
      const inset = Math.min(18, box.w / 4);
      const span = box.w - 2 * inset;
      const x = side.length === 1
        ? Math.max(box.x - span / 2, Math.min(box.x + span / 2, toward.x))
        : box.x - span / 2 + (span * (i + 0.5)) / side.length;
      set({ x, y: box.y + (toward.y < box.y ? -box.h / 2 : box.h / 2) });
    });
  }
}

// ---- drawing -------------------------------------------------------------------------------------

type Arrow = (current: boolean) => string;

function drawState(s: StateNode, initial: boolean, arrow: Arrow): string {
  const { x, y, w, h } = s.box;
  const stroke = s.current ? COLOR.accentDark : COLOR.border;
  const ink = s.current ? '#ffffff' : COLOR.ink;
  const rect = (inset: number, attrs: string) =>
    `<rect x="${n(x - w / 2 + inset)}" y="${n(y - h / 2 + inset)}" width="${n(w - 2 * inset)}" height="${n(h - 2 * inset)}" rx="${10 - inset / 2}" ${attrs}/>`;
  const fill = s.current ? COLOR.accent : s.final ? COLOR.finalFill : '#ffffff';
  const parts = [rect(0, `fill="${fill}" stroke="${stroke}" stroke-width="${s.current ? 3 : initial ? 2.2 : 1.4}"`)];
  if (s.final) parts.push(rect(4, `fill="none" stroke="${s.current ? '#ffffff' : stroke}" stroke-width="1.2"`));

  const rows = s.label.length * SIZE.label + SIZE.id + (s.hint ? SIZE.hint : 0);
  let baseline = y - (rows * LINE) / 2 + SIZE.label;
  parts.push(text(s.label, x, baseline, SIZE.label, `fill="${ink}" font-weight="bold" text-anchor="middle"`));
  baseline += (s.label.length - 1) * SIZE.label * LINE + SIZE.id * LINE + 1;
  parts.push(text([s.id], x, baseline, SIZE.id, `fill="${s.current ? COLOR.accentSoft : COLOR.muted}" text-anchor="middle"`));
  if (s.hint) {
    baseline += SIZE.hint * LINE + 1;
    const left = x - (textWidth(s.hint, SIZE.hint) + 14) / 2; // the clock (10 px and a gap), then the text
    const cy = baseline - SIZE.hint * 0.35;
    const tone = s.current ? COLOR.deadlineOnAccent : COLOR.deadline;
    parts.push(
      `<g class="deadline"><title>${escapeXml(s.hintTitle ?? '')}</title>` +
        clock(left + 5, cy, tone) +
        text([s.hint], left + 14, baseline, SIZE.hint, `fill="${tone}"`) +
        `</g>`,
    );
  }

  // Self-transitions: small loops out of the right side, their labels stacked beside them.
  const right = x + w / 2;
  let top = y - s.loops.reduce((sum, l) => sum + loopRow(l), 0) / 2;
  for (const l of s.loops) {
    const cy = top + loopRow(l) / 2;
    top += loopRow(l);
    const color = s.current ? COLOR.accent : COLOR.edge;
    const loop = `M${n(right)},${n(cy - 4)}C${n(right + LOOP)},${n(cy - 13)} ${n(right + LOOP)},${n(cy + 13)} ${n(right + 1)},${n(cy + 5)}`;
    parts.push(
      `<g class="transition self${l.t.system ? ' system' : ''}" data-event="${escapeXml(l.t.event)}">` +
        `<path d="${loop}" fill="none" stroke="${color}" stroke-width="${s.current ? 1.8 : 1.3}"${l.t.system ? ' stroke-dasharray="4 2.5"' : ''} marker-end="${arrow(s.current)}"/>` +
        drawCaption(l, right + LOOP + 6, cy - l.h / 2, 'start', s.current) +
        `</g>`,
    );
  }
  const title = `<title>${escapeXml(`${s.name} (${s.id})${s.hintTitle ? ` — ${s.hintTitle}` : ''}`)}</title>`;
  const attrs = s.current ? 'class="state current" aria-current="step"' : 'class="state"';
  return `<g ${attrs} data-state="${escapeXml(s.id)}">${title}${parts.join('')}</g>`;
}

/** A small clock face centred on (cx, cy): the mark of a deadline. */
function clock(cx: number, cy: number, color: string): string {
  return (
    `<circle cx="${n(cx)}" cy="${n(cy)}" r="4.6" fill="none" stroke="${color}" stroke-width="1.2"/>` +
    `<path d="M${n(cx)},${n(cy - 2.8)}V${n(cy)}H${n(cx + 2.4)}" fill="none" stroke="${color}" stroke-width="1.1"/>`
  );
}

/** A caption whose top is at `top`; `x` is its centre (anchor middle) or left edge (anchor start). */
function drawCaption(c: Caption, x: number, top: number, anchor: 'middle' | 'start', current: boolean): string {
  const fill = current ? COLOR.accentDark : COLOR.ink;
  let out = text(c.lines, x, top + SIZE.edge, SIZE.edge, `fill="${fill}" text-anchor="${anchor}"`);
  if (c.guard) {
    const y = top + c.lines.length * SIZE.edge * LINE + SIZE.guard;
    out += text([c.guard], x, y, SIZE.guard, `fill="${COLOR.muted}" font-style="italic" text-anchor="${anchor}"`);
  }
  return out;
}

/** A small up or down arrow in the style of its transition's line, telling the captions of a group apart. */
function glyph(x: number, y: number, down: boolean, t: DiagramTransition, color: string): string {
  const [a, b] = down ? [y - 5, y + 5] : [y + 5, y - 5];
  const head = down ? -4 : 4;
  return (
    `<path d="M${n(x)},${n(a)}V${n(b + head / 2)}" stroke="${color}" stroke-width="1.3"${t.system ? ' stroke-dasharray="2 1.5"' : ''}/>` +
    `<path d="M${n(x - 3)},${n(b + head)}L${n(x)},${n(b)}L${n(x + 3)},${n(b + head)}z" fill="${color}"/>`
  );
}

/** A line of samples explaining the drawing: its width, and how to draw it centred on `cx`. */
function legend(y: number, lang: Lang, highlight: boolean, arrow: Arrow) {
  const zh = lang === 'zh';
  const line = (x: number, dash: string) =>
    `<path d="M${x},${y}h26" stroke="${COLOR.edge}" stroke-width="1.4"${dash} marker-end="${arrow(false)}"/>`;
  const box = (x: number, fill: string, stroke: string) =>
    `<rect x="${x + 4}" y="${y - 7}" width="22" height="14" rx="3" fill="${fill}" stroke="${stroke}" stroke-width="1.4"/>`;
  const items: [string, (x: number) => string][] = [
    [zh ? '办理事项' : 'action', (x) => line(x, '')],
    [zh ? '期限届满（系统）' : 'deadline passed (system)', (x) => line(x, ' stroke-dasharray="6 4"')],
    [zh ? '期限' : 'deadline', (x) => clock(x + 20, y, COLOR.deadline)],
    [
      zh ? '终态' : 'final state',
      (x) => box(x, COLOR.finalFill, COLOR.border) + `<rect x="${x + 7}" y="${y - 4}" width="16" height="8" rx="2" fill="none" stroke="${COLOR.border}"/>`,
    ],
  ];
  if (highlight) items.push([zh ? '当前状态' : 'current state', (x) => box(x, COLOR.accent, COLOR.accentDark)]);
  const widths = items.map(([label]) => 32 + textWidth(label, SIZE.id) + 18);
  const width = widths.reduce((a, b) => a + b, 0);
  const draw = (cx: number) => {
    let x = cx - width / 2;
    const parts = items.map(([label, sample], i) => {
      const out = sample(Math.round(x)) + text([label], x + 32, y + SIZE.id * 0.35, SIZE.id, `fill="${COLOR.muted}"`);
      x += widths[i];
      return out;
    });
    return `<g class="legend">${parts.join('')}</g>`;
  };
  return { width, draw };
}

/** The procedure as a self-contained SVG picture, laid out top to bottom by dagre. */
export function toSvg(def: WorkflowDefinition, options: SvgOptions = {}): string {
  const lang = options.lang ?? 'zh';
  const highlight = options.highlight && Object.hasOwn(def.machine.states, options.highlight) ? options.highlight : undefined;
  const transitions = listTransitions(def);
  const main = spine(def, transitions);
  const nodes = new Map<string, StateNode>();
  for (const id of Object.keys(def.machine.states)) {
    const loops = transitions.filter((t) => t.from === id && t.to === id);
    nodes.set(id, stateNode(def, id, lang, id === highlight, loops));
  }
  const groups = new Map<string, Group>();
  for (const t of transitions.filter((t) => t.from !== t.to)) {
    const key = [t.from, t.to].sort().join(' ');
    const group = groups.get(key) ?? { from: t.from, to: t.to, captions: [], w: 0, h: 0 };
    group.captions.push(caption(def, t, lang, WRAP[lang].edge));
    groups.set(key, group);
  }

  // Layout. A state's dagre node also holds its self-loops: the state is drawn at its left, the loops at its right.
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  // align 'UR' keeps the happy path (weighted) in one straight column, with the detours beside it.
  g.setGraph({ rankdir: 'TB', align: 'UR', nodesep: 24, edgesep: 12, ranksep: 60, marginx: 16, marginy: 12 });
  g.setNode(INITIAL, { width: 14, height: 14 });
  for (const s of nodes.values()) g.setNode(s.id, { width: s.box.w + s.loopsWidth, height: s.box.h });
  g.setEdge(INITIAL, def.machine.initial, { weight: 8 }, 'initial');
  [...groups.values()].forEach((group, i) => {
    const several = group.captions.length > 1;
    group.w = Math.max(...group.captions.map((c) => c.w)) + (several ? GLYPH : 0);
    group.h = group.captions.reduce((sum, c) => sum + c.h, 0) + (group.captions.length - 1) * 4;
    const weight = group.captions.some((c) => main.has(c.t)) ? 8 : 1;
    g.setEdge(group.from, group.to, { width: group.w + 12, height: group.h + 8, labelpos: 'r', labeloffset: 6, weight }, String(i));
  });
  dagre.layout(g);

  for (const s of nodes.values()) Object.assign(s.box, { x: g.node(s.id).x! - s.loopsWidth / 2, y: g.node(s.id).y });
  const start = g.node(INITIAL);
  const startBox: Box = { x: start.x!, y: start.y!, w: 14, h: 14 };
  const boxOf = (id: string) => (id === INITIAL ? startBox : nodes.get(id)!.box);

  // Edge routes: dagre's points, with their ends moved onto the states' top and bottom sides.
  const routes = (g.edges() as Edge[]).map((ref) => ({ ref, label: g.edge(ref), points: [...(g.edge(ref).points ?? [])] }));
  placeEnds(
    routes.flatMap(({ ref, points: ps }) => [
      { id: ref.v, box: boxOf(ref.v), toward: ps[1], set: (p: Point) => (ps[0] = p) },
      { id: ref.w, box: boxOf(ref.w), toward: ps[ps.length - 2], set: (p: Point) => (ps[ps.length - 1] = p) },
    ]),
  );
  // Leave and enter the states vertically: a point a little way out of each end.
  for (const route of routes) {
    const ps = route.points;
    const lead = (end: Point, next: Point) => ({ x: end.x, y: end.y + Math.sign(next.y - end.y) * Math.min(14, Math.abs(next.y - end.y) / 2) });
    route.points = [ps[0], lead(ps[0], ps[1]), ...ps.slice(1, -1), lead(ps[ps.length - 1], ps[ps.length - 2]), ps[ps.length - 1]];
  }

  const ids = `wf-${def.id.replace(/[^A-Za-z0-9_-]/g, '_')}`; // marker ids are page-wide when SVGs are inlined
  const arrow: Arrow = (current) => `url(#${ids}-arrow${current ? '-current' : ''})`;
  // Lines first, then all captions over them on white, so that no line runs through a caption.
  const lines: string[] = [];
  const captions: string[] = [];
  for (const { ref, points, label } of routes) {
    if (ref.name === 'initial') {
      lines.push(`<path class="initial" d="${curve(points)}" fill="none" stroke="${COLOR.ink}" stroke-width="1.4" marker-end="${arrow(false)}"/>`);
      continue;
    }
    const group = [...groups.values()][Number(ref.name)];
    group.captions.forEach((c, i) => {
      const route = offset(points, (i - (group.captions.length - 1) / 2) * 7);
      const current = c.t.from === highlight;
      lines.push(
        `<path class="transition${c.t.system ? ' system' : ''}" data-event="${escapeXml(c.t.event)}" ` +
          `data-from="${escapeXml(c.t.from)}" data-to="${escapeXml(c.t.to)}" ` +
          `d="${curve(c.t.from === group.from ? route : [...route].reverse())}" fill="none" stroke="${current ? COLOR.accent : COLOR.edge}" ` +
          `stroke-width="${current ? 2 : 1.4}"${c.t.system ? ' stroke-dasharray="6 4"' : ''} marker-end="${arrow(current)}"/>`,
      );
    });
    // The captions, stacked in a white box at dagre's label position; when there are several, each with
    // a small arrow telling its direction.
    const [lx, ly] = [label.x!, label.y!];
    const parts = [
      `<rect x="${n(lx - group.w / 2 - 5)}" y="${n(ly - group.h / 2 - 3)}" width="${n(group.w + 10)}" height="${n(group.h + 6)}" rx="4" fill="#ffffff"/>`,
    ];
    let top = ly - group.h / 2;
    for (const c of group.captions) {
      const current = c.t.from === highlight;
      if (group.captions.length > 1) {
        const down = boxOf(c.t.to).y > boxOf(c.t.from).y;
        parts.push(glyph(lx - group.w / 2 + 4, top + SIZE.edge * 0.6, down, c.t, current ? COLOR.accent : COLOR.edge));
        parts.push(drawCaption(c, lx - group.w / 2 + GLYPH, top, 'start', current));
      } else parts.push(drawCaption(c, lx, top, 'middle', current));
      top += c.h + 4;
    }
    captions.push(`<g class="caption">${parts.join('')}</g>`);
  }

  const graph = g.graph();
  const head = options.title === false ? 0 : 84;
  const title = def.title[lang];
  const key = legend(70, lang, !!highlight, arrow);
  const width = Math.max(graph.width ?? 0, head ? Math.max(textWidth(title, SIZE.title), key.width) + 40 : 0);
  const height = (graph.height ?? 0) + head;
  const ariaLabel = highlight ? `${title} — ${lang === 'en' ? 'current state' : '当前状态'}: ${nodes.get(highlight)!.name}` : title;
  const marker = (id: string, color: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">` +
    `<path d="M0,1L9,5L0,9z" fill="${color}"/></marker>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" ` +
    `role="img" aria-label="${escapeXml(ariaLabel)}" font-family="${escapeXml(FONT)}">` +
    `<title>${escapeXml(ariaLabel)}</title>` +
    `<defs>${marker(`${ids}-arrow`, COLOR.edge)}${marker(`${ids}-arrow-current`, COLOR.accent)}</defs>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    (head
      ? text([title], width / 2, 30, SIZE.title, `fill="${COLOR.ink}" font-weight="bold" text-anchor="middle"`) +
        text([`${def.id} v${def.version}`], width / 2, 48, SIZE.id, `fill="${COLOR.muted}" text-anchor="middle"`) +
        key.draw(width / 2)
      : '') +
    `<g transform="translate(${n((width - (graph.width ?? 0)) / 2)},${head})">` +
    `<circle class="initial" cx="${n(startBox.x)}" cy="${n(startBox.y)}" r="7" fill="${COLOR.ink}"/>` +
    lines.join('') +
    captions.join('') +
    [...nodes.values()].map((s) => drawState(s, s.id === def.machine.initial, arrow)).join('') +
    `</g></svg>`
  );
}
