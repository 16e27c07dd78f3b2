import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { toProblem } from '../../src/common/errors/problem.filter.js';
import { inputProblem, MAX_BODY_DEPTH } from '../../src/common/validation/input-guard.middleware.js';

// Regressions for the 5xx the fuzz specs found, the parts without a service (the HTTP ones run in
// test/fuzz/endpoints.spec.ts on its service): each was a 500, each is now a 400 naming the field and the rule.

const nested = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('the input guard (unit)', () => {
  it('walks any depth without recursion and names the first NUL', () => {
    expect(inputProblem(nested(100_000), '')).toEqual({ field: expect.stringMatching(/^a\.a\./), rule: 'maxDepth' });
    expect(inputProblem(nested(MAX_BODY_DEPTH), '')).toBeUndefined();
    expect(inputProblem({ payload: { members: [{ name: 'a\u0000' }] } }, '')).toEqual({ field: 'payload.members.0.name', rule: 'noNul' });
    expect(inputProblem({ ['k\u0000']: 1 }, '')).toEqual({ field: 'k\\0', rule: 'noNul' });
  });

  it('a data exception from PostgreSQL is the client’s 400, naming the rule in Chinese and English', () => {
    for (const [code, rule] of [['22021', 'noNul'], ['22P05', 'noNul'], ['22001', 'maxLength'], ['22003', 'numericRange'], ['22007', 'isIsoDate'], ['22008', 'isIsoDate'], ['22P02', 'format']]) {
      const err = new QueryFailedError('INSERT …', [], Object.assign(new Error('refused'), { code }));
      const p = toProblem(err);
      expect({ code, status: p.status, type: p.type, rule: (p.errors as { rule: string }[])[0].rule }).toEqual({ code, status: 400, type: 'urn:cb-engine:problem:validation-failed', rule });
      expect(p.detail).toMatch(/[\u4e00-\u9fff]/);
      expect(p.detail_en).toMatch(/[a-z]/);
    }
  });
});
