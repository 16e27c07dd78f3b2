import { DomainError, type Bilingual } from '../common/errors/domain-error.js';

/** A job's failure as its reader sees it: Chinese first, English beside it. Kept in jobs.last_error as JSON. */
export type JobFailure = Bilingual;

/** A failure that a later attempt may not repeat (a browser that crashed, a busy database): retried with back-off. */
export class JobError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** A failure no attempt can cure (no union to issue the offer, outside the scope): the job fails at once. */
export class PermanentJobError extends JobError {}

/** The job's lease passed and another worker took it over: this attempt's writes are dropped. */
export class JobLeaseLost extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} was taken over by another worker (its lease had passed)`);
  }
}

export function failureOf(err: unknown): JobFailure {
  if (err instanceof JobError) return { zh: err.zh, en: err.en };
  if (err instanceof DomainError) return { zh: err.detail?.zh ?? err.title.zh, en: err.detail?.en ?? err.title.en };
  const message = String((err as Error)?.message ?? err).slice(0, 2000);
  return { zh: message, en: message };
}

/** jobs.last_error as written by the queue (JSON), or a plain text written by anything else. */
export function readFailure(lastError: string | null): JobFailure | null {
  if (lastError === null) return null;
  try {
    const parsed = JSON.parse(lastError) as Partial<JobFailure>;
    if (typeof parsed.zh === 'string' && typeof parsed.en === 'string') return { zh: parsed.zh, en: parsed.en };
  } catch {
    // not ours: shown as it is
  }
  return { zh: lastError, en: lastError };
}
