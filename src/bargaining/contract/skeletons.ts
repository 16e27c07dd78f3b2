import { readFileSync } from 'node:fs';
import { projectPath } from '../../config/project-root.js';
import type { ContractDocument } from './contract-document.js';

const cache = new Map<string, ContractDocument>();

/** The empty starting draft of a kind of contract (templates/contracts/<kind>.json), read once. */
export function skeletonOf(kind: string): ContractDocument {
  let doc = cache.get(kind);
  if (!doc) {
    const file = JSON.parse(readFileSync(projectPath('templates', 'contracts', `${kind}.json`), 'utf8')) as ContractDocument;
    doc = { chapters: file.chapters };
    cache.set(kind, doc);
  }
  return structuredClone(doc);
}
