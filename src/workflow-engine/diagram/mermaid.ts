import type { WorkflowDefinition } from '../definition/workflow-definition.js';
import { listTransitions } from './transitions.js';

export interface MermaidOptions {
  /** A state id to mark as the current one (an unknown id is ignored). */
  highlight?: string;
  /** Language of the state descriptions; Chinese by default. */
  lang?: 'zh' | 'en';
}

/** Text safe inside a quoted Mermaid state description: Mermaid decodes `#name;` entity codes there. */
function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;');
}

/** The procedure as a Mermaid `stateDiagram-v2`; transitions are labelled with their event types. */
export function toMermaid(def: WorkflowDefinition, options: MermaidOptions = {}): string {
  const lang = options.lang ?? 'zh';
  const states = def.machine.states;
  const lines = ['stateDiagram-v2'];
  for (const [id, state] of Object.entries(states)) {
    lines.push(`  state "${mermaidText(`${state.meta.label[lang]} ${id}`)}" as ${id}`);
  }
  lines.push(`  [*] --> ${def.machine.initial}`);
  for (const t of listTransitions(def)) {
    lines.push(`  ${t.from} --> ${t.to} : ${t.event}${t.guard ? ` [${t.guard}]` : ''}`);
  }
  for (const [id, state] of Object.entries(states)) {
    if (state.type === 'final') lines.push(`  ${id} --> [*]`);
  }
  if (options.highlight && Object.hasOwn(states, options.highlight)) {
    lines.push('  classDef current fill:#1d4ed8,stroke:#1e3a8a,stroke-width:3px,color:#ffffff,font-weight:bold');
    lines.push(`  class ${options.highlight} current`);
  }
  return lines.join('\n') + '\n';
}
