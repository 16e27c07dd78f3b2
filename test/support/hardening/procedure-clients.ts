import { happyPath } from '../../../bench/procedure-driver.js';
import { DEMO_PASSWORD } from '../../../src/database/seed/demo-organisations.js';
import { demoId } from '../../../src/database/seed/demo-seed.js';
import { DeadlineCalendar } from '../../../src/workflow-engine/calendar/deadline-calendar.js';

// HTTP clients that behave as careful API users: each starts cases and takes them along the procedure with
// If-Match and an Idempotency-Key on every event, reads the case between acts, and keeps a ledger of what
// the service acknowledged (200). When the connection fails (the service was killed), the request is in
// doubt: the client waits for the service and sends the very same request again (same key, same If-Match),
// which must answer 200 whether or not the first attempt was stored.

export type Role = 'union' | 'employer' | 'bureau';

const USERS: Record<Role, string> = { union: 'union.demo', employer: 'employer.demo', bureau: 'bureau.demo' };

export interface Ack {
  caseId: string;
  key: string | null;
  type: string;
  version: number;
  replayed: boolean;
}

export interface ClientLedger {
  acks: Ack[];
  /** Cases the clients started and know the id of (a start in doubt is not retried: that case may exist unknown). */
  casesStarted: string[];
  startsInDoubt: number;
  /** Keyless events whose connection failed: not retried (nothing tells a retry from a second act). */
  keylessInDoubt: number;
  /** Event requests sent again after a failed connection, and how many of those found the first attempt stored. */
  retriedInDoubt: number;
  replayedAfterDoubt: number;
  reads: number;
  /** Whatever breaks the rules: a 5xx, an unexpected refusal, a version that jumped, a read older than an acknowledged write. */
  violations: string[];
}

export function emptyLedger(): ClientLedger {
  return { acks: [], casesStarted: [], startsInDoubt: 0, keylessInDoubt: 0, retriedInDoubt: 0, replayedAfterDoubt: 0, reads: 0, violations: [] };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

class ConnectionLost extends Error {}

export class ProcedureApi {
  private tokens = new Map<Role, string>();

  constructor(readonly base: string) {}

  async login(): Promise<void> {
    for (const [role, username] of Object.entries(USERS) as [Role, string][]) {
      const res = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      this.tokens.set(role, ((await res.json()) as { accessToken: string }).accessToken);
    }
  }

  /** One request; a failed connection (refused, reset, closed before the answer) throws ConnectionLost. */
  async request(method: string, path: string, role: Role, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.tokens.get(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      text = await res.text();
    } catch (err) {
      throw new ConnectionLost(String((err as Error).cause ?? err));
    }
    // The proxy lost the connection to an instance (killed): the request may or may not have been served.
    if (res.status === 502 && text.startsWith('bad gateway')) throw new ConnectionLost(text);
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  startCase(): Promise<Answer> {
    return this.request('POST', '/api/cases', 'union', { kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  }

  sendEvent(caseId: string, role: Role, type: string, payload: unknown, version: number, key: string | null): Promise<Answer> {
    const headers: Record<string, string> = { 'if-match': `"${version}"` };
    if (key) headers['idempotency-key'] = key;
    return this.request('POST', `/api/cases/${caseId}/events`, role, { type, payload }, headers);
  }
}

export const serviceToday = () => DeadlineCalendar.chinaDate(new Date());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WalkOptions {
  clients: number;
  /** Checked before each request: the clients finish the request in hand and return. */
  stop: () => boolean;
  /** How long a client keeps retrying a request in doubt before it gives up (the service did not come back). */
  retryForMs?: number;
}

/** `clients` concurrent clients walking cases along the ordinary course until `stop()`; fills `ledger` as they go. */
export async function walkCases(api: ProcedureApi, ledger: ClientLedger, options: WalkOptions): Promise<void> {
  const retryForMs = options.retryForMs ?? 120_000;

  // Sends until an answer comes; answers with the number of connection failures before it.
  const untilAnswered = async (send: () => Promise<Answer>): Promise<{ answer: Answer; failures: number }> => {
    const giveUpAt = Date.now() + retryForMs;
    for (let failures = 0; ; failures++) {
      try {
        return { answer: await send(), failures };
      } catch (err) {
        if (!(err instanceof ConnectionLost) || Date.now() > giveUpAt) throw err;
        await pause(50);
      }
    }
  };

  const client = async (n: number) => {
    for (let round = 0; !options.stop(); round++) {
      let started: Answer;
      try {
        started = await api.startCase();
      } catch (err) {
        if (!(err instanceof ConnectionLost)) throw err;
        ledger.startsInDoubt++;
        await untilAnswered(() => api.request('GET', '/health', 'union'));
        continue;
      }
      if (started.status !== 201) {
        ledger.violations.push(`client ${n}: start answered ${started.status} ${JSON.stringify(started.body).slice(0, 300)}`);
        return;
      }
      const caseId = started.body.id as string;
      ledger.casesStarted.push(caseId);
      let version = 1;
      for (const [i, step] of happyPath(serviceToday()).entries()) {
        if (options.stop()) break;
        // Every fifth event without a key: the plain If-Match path (the instance's cache of the case) is exercised too;
        const key = i % 5 === 4 ? null : `hc${n}-${caseId.slice(0, 8)}-${version + 1}`;
        let answer: Answer;
        let failures = 0;
        if (key) ({ answer, failures } = await untilAnswered(() => api.sendEvent(caseId, step.by, step.type, step.payload, version, key)));
        else {
          try {
            answer = await api.sendEvent(caseId, step.by, step.type, step.payload, version, null);
          } catch (err) {
            if (!(err instanceof ConnectionLost)) throw err;
            ledger.keylessInDoubt++; // without a key a retry could not be told from a second act: the case is left as it stands
            break;
          }
        }
        if (failures > 0) ledger.retriedInDoubt++;
        if (answer.status !== 200) {
          ledger.violations.push(`client ${n}: ${step.type} on ${caseId} v${version} answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
          break;
        }
        const replayed = answer.headers.get('idempotent-replayed') === 'true';
        if (failures > 0 && replayed) ledger.replayedAfterDoubt++;
        const acked = answer.body.version as number;
        if (acked !== version + 1) ledger.violations.push(`client ${n}: ${step.type} on ${caseId} acknowledged as version ${acked}, expected ${version + 1}`);
        ledger.acks.push({ caseId, key, type: step.type, version: acked, replayed });
        version = acked;
        // Read what was acknowledged (another instance may answer): never older than the acknowledgement.
        const { answer: read } = await untilAnswered(() => api.request('GET', `/api/cases/${caseId}`, step.by === 'bureau' ? 'union' : step.by));
        ledger.reads++;
        if (read.status >= 500) ledger.violations.push(`client ${n}: GET case answered ${read.status}`);
        else if ((read.body.version as number) < acked) ledger.violations.push(`client ${n}: read ${caseId} at version ${read.body.version} after version ${acked} was acknowledged`);
        if (i % 4 === 3) {
          const { answer: history } = await untilAnswered(() => api.request('GET', `/api/cases/${caseId}/history`, 'union'));
          ledger.reads++;
          if (history.status !== 200) ledger.violations.push(`client ${n}: history answered ${history.status}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, n) => client(n)));
}
