import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT, projectPath } from '../../config/project-root.js';
import { InvalidWorkflow, validateDefinition } from './definition-validator.js';
import type { LoadedWorkflow, WorkflowDefinition } from './workflow-definition.js';

/** Reads and validates every `*.json` under `workflows/`; throws InvalidWorkflow naming the file and path. */
export function loadWorkflowFiles(dir = projectPath('workflows')): LoadedWorkflow[] {
  const loaded: LoadedWorkflow[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(dir, name);
    const file = relative(PROJECT_ROOT, path) || path;
    const bytes = readFileSync(path);
    let definition: WorkflowDefinition;
    try {
      definition = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      throw new InvalidWorkflow(file, '$', `not valid JSON (${(err as Error).message})`);
    }
    validateDefinition(definition, file);
    const expected = `${definition.id}.v${definition.version}.json`;
    if (name !== expected) throw new InvalidWorkflow(file, '$', `a workflow file is named <id>.v<version>.json: expected ${expected}`);
    loaded.push({ definition, file, hash: createHash('sha256').update(bytes).digest('hex') });
  }
  return loaded;
}
