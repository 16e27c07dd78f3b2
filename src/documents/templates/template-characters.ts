import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../config/project-root.js';
import { codePointsOf } from '../renderer/font-assets.js';

/**
 * Every character written in the templates (documents, layouts, partials, CSS, contract skeletons): the
 * text most documents print whatever their data. The renderer keeps these glyphs in each face's core
 * subset, which the browser caches; a document's other characters travel in a small supplement.
 */
export function templateCodePoints(dir = projectPath('templates')): Set<number> {
  const into = new Set<number>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(hbs|json|css)$/.test(entry.name)) codePointsOf(readFileSync(path, 'utf8'), into);
    }
  };
  walk(dir);
  return into;
}
