import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectPath } from '../../config/project-root.js';
import { InvalidWorkflow, validateDefinition } from './definition-validator.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { loadWorkflowFiles } from './workflow-files.js';

const FILE = 'workflows/enterprise-contract.v1.json';
const original = (): WorkflowDefinition => JSON.parse(readFileSync(projectPath(FILE), 'utf8'));

function problemOf(mutate: (d: WorkflowDefinition) => void): InvalidWorkflow {
  const def = original();
  mutate(def);
  try {
    validateDefinition(def, FILE);
  } catch (err) {
    if (err instanceof InvalidWorkflow) return err;
    throw err;
  }
  throw new Error('expected the definition to be refused');
}

describe('workflow files', () => {
  it('the shipped files are valid, named <id>.v<version>.json, hashed', () => {
    const loaded = loadWorkflowFiles();
    expect(loaded.map((w) => `${w.definition.id}@${w.definition.version}`)).toEqual(['enterprise-contract@1', 'enterprise-contract@2', 'industry-regional-contract@1', 'industry-regional-contract@2']);
    for (const w of loaded) expect(w.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, (d: WorkflowDefinition) => void, string, RegExp]>([
    ['unknown guard', (d) => ((d.machine.states.awaiting_signature.on!.SIGNED as { guard: string }).guard = 'noSuchGuard'), 'machine.states.awaiting_signature.on.SIGNED.guard', /unknown guard "noSuchGuard"/],
    ['unknown action', (d) => ((d.machine.states.drafting_offer.on!.OFFER_ISSUED as { actions: string[] }).actions = ['launchRocket']), 'machine.states.drafting_offer.on.OFFER_ISSUED.actions', /unknown action/],
    ['unreachable state', (d) => (d.machine.states.orphan = { meta: { label: { zh: '孤立', en: 'orphan' } } }), 'machine.states.orphan', /unreachable/],
    ['deadline without expiry event', (d) => delete (d.machine.states.awaiting_response.meta.deadlines![0] as { onExpiry?: string }).onExpiry, 'machine.states.awaiting_response.meta.deadlines[0].onExpiry', /expiry event/],
    ['expiry event not handled there', (d) => (d.machine.states.awaiting_response.meta.deadlines![0].onExpiry = 'EXPIRED'), 'machine.states.awaiting_response.meta.deadlines[0].onExpiry', /not handled in this state/],
    ['event without roles', (d) => (d.events.SIGNED.roles = []), 'events.SIGNED.roles', /at least one role/],
    ['unknown payload schema', (d) => (d.events.SIGNED.payload = 'Nope'), 'events.SIGNED.payload', /unknown payload schema/],
    ['unknown parameter', (d) => ((d.machine.states.awaiting_response.meta.deadlines![0] as { days: string }).days = '$nope'), 'machine.states.awaiting_response.meta.deadlines[0].days', /unknown parameter/],
    ['unknown target', (d) => (d.machine.states.drafting_offer.on!.WITHDRAWN = 'nowhere'), 'machine.states.drafting_offer.on.WITHDRAWN.target', /unknown state "nowhere"/],
    ['undeclared event', (d) => (d.machine.states.drafting_offer.on!.LAUNCH = 'withdrawn'), 'machine.states.drafting_offer.on.LAUNCH', /not declared/],
  ])('refuses a file with an %s, naming the path', (_name, mutate, path, problem) => {
    const err = problemOf(mutate);
    expect(err.path).toBe(path);
    expect(err.message).toContain(FILE);
    expect(err.message).toMatch(problem);
  });

  it('refuses a misnamed or malformed file in a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-'));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(() => loadWorkflowFiles(dir)).toThrow(/broken\.json: \$: not valid JSON/);
    const dir2 = mkdtempSync(join(tmpdir(), 'wf-'));
    writeFileSync(join(dir2, 'other-name.json'), JSON.stringify(original()));
    expect(() => loadWorkflowFiles(dir2)).toThrow(/expected enterprise-contract\.v1\.json/);
  });
});
