import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseAccess } from '../../bargaining/workspace/case-access.js';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { fieldViolation, Forbidden, ValidationFailed } from '../../common/errors/domain-error.js';
import { GUIDANCE_NOTE_MAX } from '../entities/guidance-note.entity.js';
import type { GuidanceNoteView } from './guidance-note.dto.js';

interface NoteRow {
  id: string;
  case_id: string;
  seq: number;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
}

/** The note as stored: line ends unified, blank lines around it dropped; 400 when nothing is left or it is too long. */
export function noteBody(raw: string): string {
  const body = raw.replace(/\r\n?/g, '\n').trim();
  if (!body) throw new ValidationFailed([fieldViolation('body', 'notBlank', '请填写指导意见', 'the note is empty')]);
  // PostgreSQL stores no NUL in text (the insert would fail with a 500).
  if (body.includes('\u0000')) throw new ValidationFailed([fieldViolation('body', 'noNul', '指导意见含有无效字符', 'the note holds an invalid character')]);
  const length = [...body].length;
  if (length > GUIDANCE_NOTE_MAX) {
    throw new ValidationFailed([fieldViolation('body', 'maxLength', `指导意见不得超过 ${GUIDANCE_NOTE_MAX} 字（现 ${length} 字）`, `the note must not exceed ${GUIDANCE_NOTE_MAX} characters (it has ${length})`)]);
  }
  return body;
}

/**
 * Guidance notes (指导意见, procedure.md: an instructor "adds guidance notes"): the instructors assigned to the
 * case write them; whoever may read the case reads them (its parties, its instructors, the authorities of its
 * region; CaseAccess decides, and a case out of reach is 404).
 */
@Injectable()
export class GuidanceNotesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The case's notes, newest first. */
  async list(actor: Actor, caseId: string): Promise<GuidanceNoteView[]> {
    await this.cases.load(actor, caseId);
    const rows: NoteRow[] = await this.dataSource.query(
      `SELECT n.id, n.case_id, n.seq, n.author_id, u.display_name AS author_name, n.body, n.created_at
         FROM case_guidance_notes n JOIN users u ON u.id = n.author_id
        WHERE n.case_id = $1 ORDER BY n.seq DESC`,
      [caseId],
    );
    return rows.map(toView);
  }

  /** Whether the actor may write a note on the case they can see: an instructor (CaseAccess let them see it: assigned). */
  mayWrite(actor: Actor): boolean {
    return actor.role === 'instructor';
  }

  async add(actor: Actor, caseId: string, raw: string): Promise<GuidanceNoteView> {
    await this.cases.load(actor, caseId);
    if (!this.mayWrite(actor)) throw new Forbidden({ zh: '只有指派到本案的指导员可以填写指导意见', en: 'only an instructor assigned to the case may write guidance notes' });
    const body = noteBody(raw);
    const id = randomUUID();
    await this.dataSource.transaction(async (m) => {
      // Read again under the case's lock: an unassignment meanwhile ends the right to write; the lock also numbers the notes one by one.
      await this.cases.lock(m, caseId);
      await this.cases.load(actor, caseId, m);
      await m.query(
        `INSERT INTO case_guidance_notes (case_id, id, seq, author_id, body, created_at)
         SELECT $1, $2, COALESCE(max(seq), 0) + 1, $3, $4, $5 FROM case_guidance_notes WHERE case_id = $1`,
        [caseId, id, actor.userId, body, this.clock.now()],
      );
    });
    const rows: NoteRow[] = await this.dataSource.query(
      'SELECT n.id, n.case_id, n.seq, n.author_id, u.display_name AS author_name, n.body, n.created_at FROM case_guidance_notes n JOIN users u ON u.id = n.author_id WHERE n.case_id = $1 AND n.id = $2',
      [caseId, id],
    );
    return toView(rows[0]);
  }
}

function toView(r: NoteRow): GuidanceNoteView {
  return { id: r.id, caseId: r.case_id, seq: r.seq, author: { id: r.author_id, name: r.author_name }, body: r.body, createdAt: r.created_at };
}
