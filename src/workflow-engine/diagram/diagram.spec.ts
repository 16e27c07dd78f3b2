import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { projectPath } from '../../config/project-root.js';
import type { MachineTransitionConfig, WorkflowDefinition } from '../definition/workflow-definition.js';
import { toMermaid } from './mermaid.js';
import { toSvg } from './svg.js';

const load = (file: string): WorkflowDefinition => JSON.parse(readFileSync(projectPath('workflows', file), 'utf8'));
const def = load('enterprise-contract.v1.json');
const stateIds = Object.keys(def.machine.states);

/** The transitions of the file, read independently of the code under test. */
function expectedTransitions(d: WorkflowDefinition) {
  const list: { from: string; to: string; event: string; guard?: string }[] = [];
  for (const [from, state] of Object.entries(d.machine.states)) {
    for (const [event, config] of Object.entries(state.on ?? {})) {
      for (const t of [config].flat() as (string | MachineTransitionConfig)[]) {
        const c = typeof t === 'string' ? { target: t } : t;
        list.push({ from, to: c.target ?? from, event, guard: c.guard });
      }
    }
  }
  return list;
}

/** A copy of the definition whose texts hold markup characters. */
function withMarkup(): WorkflowDefinition {
  const copy: WorkflowDefinition = structuredClone(def);
  copy.title.zh = '标题<b>&';
  copy.machine.states.drafting_offer.meta.label.zh = '起草<b>&"要约"';
  copy.events.OFFER_ISSUED.label.zh = '发出<b>&要约';
  return copy;
}

/** Problems with the XML: unbalanced or unclosed tags, bad attributes, unescaped `<` or `&`. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const checkText = (s: string, where: string) => {
    for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
      if (!/^&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/.test(s.slice(i))) problems.push(`bare & in ${where}`);
    }
  };
  let roots = 0;
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    const textPart = xml.slice(i, textEnd);
    checkText(textPart, 'text');
    if (!stack.length && textPart.trim()) problems.push('text outside the root element');
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) {
      problems.push('unterminated tag');
      break;
    }
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (open !== tag.slice(1)) problems.push(`</${tag.slice(1)}> closes <${open}>`);
    } else {
      const m = /^([A-Za-z][\w.:-]*)((?:\s+[A-Za-z][\w.:-]*="[^"<]*")*)\s*(\/?)$/.exec(tag);
      if (!m) {
        problems.push(`malformed tag <${tag.slice(0, 60)}>`);
      } else {
        const names = [...m[2].matchAll(/([\w.:-]+)="([^"]*)"/g)].map(([, name, value]) => (checkText(value, name), name));
        if (new Set(names).size !== names.length) problems.push(`duplicate attribute in <${m[1]}>`);
        if (!stack.length) roots++;
        if (!m[3]) stack.push(m[1]);
      }
    }
    i = gt + 1;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

type Rect = { x: number; y: number; w: number; h: number; what: string };

/** The first rectangle of each state group and each caption group: what must not overlap. */
function boxes(svg: string): Rect[] {
  const re = /<g (?:class="state(?: current)?"(?: aria-current="step")? data-state="(\w+)"><title>[^<]*<\/title>|class="caption">)<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g;
  return [...svg.matchAll(re)].map((m) => ({ what: m[1] ?? 'caption', x: +m[2], y: +m[3], w: +m[4], h: +m[5] }));
}

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('the XML checker of these tests', () => {
  it('finds unbalanced tags, bad attributes and bare ampersands', () => {
    expect(xmlProblems('<a x="1"><b/>ok &amp; &#60;</a>')).toEqual([]);
    expect(xmlProblems('<a><b></a>')).not.toEqual([]);
    expect(xmlProblems('<a x=1></a>')).not.toEqual([]);
    expect(xmlProblems('<a x="1" x="2"></a>')).not.toEqual([]);
    expect(xmlProblems('<a>R&D</a>')).not.toEqual([]);
    expect(xmlProblems('<a></a><a></a>')).not.toEqual([]);
    expect(xmlProblems('<a>')).not.toEqual([]);
  });
});

describe('toMermaid', () => {
  const text = toMermaid(def);
  const lines = text.split('\n').map((l) => l.trim());

  it('is a state diagram that starts at the initial state and ends in the final ones', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('[*] --> drafting_offer');
    const finals = stateIds.filter((id) => def.machine.states[id].type === 'final');
    expect(finals.length).toBeGreaterThan(0);
    for (const id of finals) expect(lines).toContain(`${id} --> [*]`);
  });

  it('has one line for every transition of the file, and no others', () => {
    const expected = expectedTransitions(def).map((t) => `${t.from} --> ${t.to} : ${t.event}${t.guard ? ` [${t.guard}]` : ''}`);
    for (const line of expected) expect(lines).toContain(line);
    expect(lines.filter((l) => l.includes(' --> ') && !l.includes('[*]')).sort()).toEqual([...expected].sort());
    // Both branches of the congress vote, and a targetless transition drawn as a self-transition.
    expect(lines).toContain('congress_review --> awaiting_signature : CONGRESS_VOTED [congressPassed]');
    expect(lines).toContain('congress_review --> negotiating : CONGRESS_VOTED');
    expect(lines).toContain('negotiating --> negotiating : SESSION_HELD');
  });

  it('describes each state with its label, Chinese by default', () => {
    expect(lines).toContain('state "起草要约 drafting_offer" as drafting_offer');
    expect(lines.filter((l) => l.startsWith('state "'))).toHaveLength(stateIds.length);
    expect(toMermaid(def, { lang: 'en' })).toContain('state "Drafting the offer drafting_offer" as drafting_offer');
  });

  it('marks the highlighted state, and only then', () => {
    const highlighted = toMermaid(def, { highlight: 'negotiating' }).split('\n').map((l) => l.trim());
    expect(highlighted.filter((l) => l.startsWith('classDef current '))).toHaveLength(1);
    expect(highlighted.filter((l) => l.startsWith('class '))).toEqual(['class negotiating current']);
    expect(lines.some((l) => l.startsWith('class') || l.includes('current'))).toBe(false);
    expect(toMermaid(def, { highlight: 'no_such_state' })).toBe(text);
  });

  it('keeps quotes and markup of labels out of the syntax', () => {
    const line = toMermaid(withMarkup()).split('\n').find((l) => l.includes(' as drafting_offer'))!;
    expect(line.trim()).toBe('state "起草#lt;b#gt;&#quot;要约#quot; drafting_offer" as drafting_offer');
  });
});

describe('toSvg', () => {
  const svg = toSvg(def);

  it('is well-formed, self-contained XML with a title, a role and a viewBox', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="企业集体合同[^"]*"[^>]*><title>企业集体合同/);
    const outside = svg.replace('xmlns="http://www.w3.org/2000/svg"', '');
    expect(outside).not.toMatch(/https?:|href=|<script|<foreignObject|<image|@import/i);
    // Every url() reference points to a marker of this picture.
    const ids = new Set([...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const refs = [...svg.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref.startsWith('#') && ids.has(ref.slice(1))).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('draws one group per state and one line per transition, system ones dashed', () => {
    for (const id of stateIds) expect(svg.split(`data-state="${id}"`)).toHaveLength(2);
    expect(svg.match(/data-state="/g)).toHaveLength(stateIds.length);
    const transitions = expectedTransitions(def);
    const paths = [...svg.matchAll(/<path class="transition( system)?" data-event="(\w+)" data-from="(\w+)" data-to="(\w+)"[^>]*>/g)];
    const between = transitions.filter((t) => t.from !== t.to);
    expect(paths.map((m) => `${m[3]} ${m[2]} ${m[4]}`).sort()).toEqual(between.map((t) => `${t.from} ${t.event} ${t.to}`).sort());
    for (const [tag, system, event] of paths) {
      expect(system === ' system').toBe(def.events[event].roles.includes('system'));
      expect(tag.includes('stroke-dasharray')).toBe(system === ' system');
    }
    expect(svg.match(/class="transition self/g)).toHaveLength(transitions.length - between.length);
  });

  it('shows labels, ids and deadlines', () => {
    expect(svg).toContain('>协商中</tspan>');
    expect(svg).toContain('>negotiating</tspan>');
    expect(svg).toContain('>发出书面协商要约</tspan>');
    expect(svg).toContain('>20日</tspan>'); // awaiting_response
    expect(svg).toContain('>10个工作日</tspan>'); // preparing_talks
    expect(svg).toContain('>[congressPassed]</tspan>');
    const en = toSvg(def, { lang: 'en', title: false });
    expect(en).toContain('>Negotiating</tspan>');
    expect(en).toContain('>20 days</tspan>');
    expect(en).not.toContain('协商中');
    expect(xmlProblems(en)).toEqual([]);
  });

  it('marks exactly the highlighted state as current', () => {
    expect(svg).not.toContain('class="state current"');
    expect(svg).not.toContain('aria-current');
    const current = toSvg(def, { highlight: 'negotiating' });
    expect(current.match(/class="state current"/g)).toHaveLength(1);
    expect(current).toContain('<g class="state current" aria-current="step" data-state="negotiating">');
    expect(current).toMatch(/aria-label="[^"]*当前状态: 协商中"/);
    expect(xmlProblems(current)).toEqual([]);
    expect(toSvg(def, { highlight: 'no_such_state' })).toBe(svg);
  });

  it('escapes markup in labels and titles', () => {
    const marked = toSvg(withMarkup());
    expect(xmlProblems(marked)).toEqual([]);
    expect(marked).not.toContain('<b>');
    expect(marked).toContain('起草&lt;b&gt;&amp;&quot;要约&quot;');
    expect(marked).toContain('发出&lt;b&gt;&amp;要约');
    expect(marked).toContain('标题&lt;b&gt;&amp;');
  });

  it('lays states and captions out without overlaps, inside the picture', () => {
    for (const options of [{}, { lang: 'en' as const }]) {
      const picture = toSvg(def, options);
      const found = boxes(picture);
      expect(found.filter((b) => b.what !== 'caption')).toHaveLength(stateIds.length);
      expect(found.filter((b) => b.what === 'caption').length).toBeGreaterThan(20);
      for (let i = 0; i < found.length; i++) {
        for (let j = i + 1; j < found.length; j++) {
          if (overlap(found[i], found[j])) throw new Error(`${found[i].what} overlaps ${found[j].what}`);
        }
      }
      const [, , width, height] = /viewBox="([^"]+)"/.exec(picture)![1].split(' ').map(Number);
      const offset = /<g transform="translate\(([\d.]+),([\d.]+)\)">/.exec(picture)!.slice(1).map(Number);
      for (const b of found) {
        expect(b.x + offset[0]).toBeGreaterThanOrEqual(0);
        expect(b.y + offset[1]).toBeGreaterThanOrEqual(0);
        expect(b.x + b.w + offset[0]).toBeLessThanOrEqual(width);
        expect(b.y + b.h + offset[1]).toBeLessThanOrEqual(height);
      }
    }
  });

  it('draws every shipped workflow', () => {
    for (const file of readdirSync(projectPath('workflows')).filter((f) => f.endsWith('.json'))) {
      const d = load(file);
      expect(xmlProblems(toSvg(d, { highlight: d.machine.initial }))).toEqual([]);
      expect(toMermaid(d).startsWith('stateDiagram-v2\n')).toBe(true);
    }
  });
});
