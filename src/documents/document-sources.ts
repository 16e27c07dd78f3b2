import { Inject, Injectable } from '@nestjs/common';
import type { ContractDocument } from '../bargaining/contract/contract-document.js';
import { readDraft } from '../compliance/compliance.service.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { readCase, type Sql } from '../workflow-engine/case-store.js';

/** What a document is made from: the case, the event that produced it, and what that event refers to. */
export interface AssembledSource {
  caseRow: NonNullable<Awaited<ReturnType<typeof readCase>>>;
  event: { type: string; seq: number; occurredOn: string; payload: Record<string, unknown> };
  regionName: string;
  bureauName: string | null;
  draft?: { version: number; content: ContractDocument };
  session?: { sessionNo: number; heldOn: string; place: string; agenda: string[]; recorder: { name: string }; attendance: string[]; minutes: string };
}

/** Reads, for one event of a case's log, everything its documents need. */
@Injectable()
export class DocumentSources {
  constructor(@Inject(RegionDirectory) private readonly regions: RegionDirectory) {}

  async assemble(sql: Sql, caseId: string, seq: number): Promise<AssembledSource | undefined> {
    const caseRow = await readCase(sql, caseId);
    const [event] = await sql.rows<{ type: string; seq: number; occurred_on: string | Date; payload: Record<string, unknown> }>('SELECT type, seq, occurred_on, payload FROM case_events WHERE case_id = $1 AND seq = $2', [caseId, seq]);
    if (!caseRow || !event) return undefined;
    const path = (this.regions.get(caseRow.regionCode)?.path ?? `${caseRow.regionCode}/`).split('/').filter(Boolean);
    const regionName = path.map((code) => this.regions.get(code)?.name ?? code).join('');
    // The labour bureau of the case's region, or of the nearest region above it.
    const bureaus = await sql.rows<{ name: string; region_code: string }>(`SELECT name, region_code FROM organisations WHERE kind = 'labour_bureau' AND region_code = ANY($1::varchar[])`, [path]);
    const bureau = bureaus.sort((a, b) => path.indexOf(b.region_code) - path.indexOf(a.region_code))[0];
    const payload = event.payload;
    const source: AssembledSource = {
      caseRow,
      event: { type: event.type, seq: event.seq, occurredOn: typeof event.occurred_on === 'string' ? event.occurred_on : event.occurred_on.toISOString().slice(0, 10), payload },
      regionName,
      bureauName: bureau?.name ?? null,
    };
    // The draft the event names (agreed, voted, signed), else the latest at the time.
    const version = typeof payload.draftVersion === 'number' ? payload.draftVersion : undefined;
    const draft = await readDraft(sql, caseId, version);
    if (draft) source.draft = draft;
    if (event.type === 'SESSION_HELD' && typeof payload.sessionNo === 'number') {
      const [s] = await sql.rows<{ session_no: number; held_on: string | Date | null; place: string; agenda: string[]; recorder: { name: string }; attendance: string[]; minutes: string | null }>(
        'SELECT session_no, held_on, place, agenda, recorder, attendance, minutes FROM case_sessions WHERE case_id = $1 AND session_no = $2',
        [caseId, payload.sessionNo],
      );
      if (s) {
        const heldOn = s.held_on instanceof Date ? s.held_on.toISOString().slice(0, 10) : (s.held_on ?? (payload.heldOn as string) ?? source.event.occurredOn);
        source.session = { sessionNo: s.session_no, heldOn, place: s.place, agenda: s.agenda, recorder: { name: s.recorder.name }, attendance: s.attendance, minutes: s.minutes ?? '' };
      }
    }
    return source;
  }
}
