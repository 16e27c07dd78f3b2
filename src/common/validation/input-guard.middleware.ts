import type { NextFunction, Request, Response } from 'express';
import { fieldViolation, ValidationFailed } from '../errors/domain-error.js';

// Found by the fuzz specs (test/fuzz): a JSON body nested a few thousand levels deep overflowed the stack
// in the validation pipe (class-transformer recurses), and a NUL character reaches PostgreSQL, which
// refuses it in text and jsonb (SQLSTATE 22021 / 22P05): both were 500s. Refused here once, for every
// route (JSON bodies and the path as sent everywhere, the API's queries), before any controller, pipe or
// query: a 400 naming the field.

/** Deeper than any body of this API (the deepest, a contract draft, is about 6 levels). */
export const MAX_BODY_DEPTH = 32;

const NUL = '\u0000';

/** The first problem in a parsed body or query: walked with an explicit stack, so depth cannot overflow it. */
export function inputProblem(value: unknown, root: string): { field: string; rule: 'maxDepth' | 'noNul' } | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return { field: path, rule: 'noNul' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { field: path, rule: 'maxDepth' };
    for (const [key, child] of Object.entries(v)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes(NUL)) return { field: field.replace(/\u0000/g, '\\0'), rule: 'noNul' };
      stack.push({ value: child, path: field, depth: depth + 1 });
    }
  }
  return undefined;
}

function refusal(problem: { field: string; rule: 'maxDepth' | 'noNul' }): ValidationFailed {
  if (problem.rule === 'maxDepth') {
    return new ValidationFailed([fieldViolation(problem.field || '(body)', 'maxDepth', `请求内容嵌套超过 ${MAX_BODY_DEPTH} 层`, `the request is nested deeper than ${MAX_BODY_DEPTH} levels`)]);
  }
  return new ValidationFailed([fieldViolation(problem.field || '(body)', 'noNul', `${problem.field || '请求'} 含有无效字符（NUL，\\u0000）`, `${problem.field || 'the request'} holds an invalid character (NUL, \\u0000)`)]);
}

/** Express middleware, after the JSON body parser: refuses NUL anywhere and bodies nested too deep. */
export function inputGuard(req: Request, _res: Response, next: NextFunction) {
  // The path as sent: a NUL there would reach a route parameter (a person's id, a workflow id, a file name).
  const rawPath = (req.originalUrl ?? req.url).split('?')[0];
  if (/%00/i.test(rawPath)) return next(refusal({ field: '(path)', rule: 'noNul' }));
  // A page's query is answered in the page, its message beside the field (the register's words): the pages check
  // their own; the API's queries are checked here.
  const api = req.path.startsWith('/api/');
  const problem = (api ? inputProblem(req.query, '') : undefined) ?? inputProblem(req.body, '');
  next(problem ? refusal(problem) : undefined);
}
