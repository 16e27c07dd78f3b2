import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, Forbidden, ValidationFailed } from '../common/errors/domain-error.js';
import { DeadlineCalendar } from './calendar/deadline-calendar.js';
import { transitionsOf } from './definition/definition-validator.js';
import type { DeadlineSpec, EventRole, EventSpec, MachineTransitionConfig, WorkflowDefinition } from './definition/workflow-definition.js';
import { CaseNotFound, EventNotAllowed, IdempotencyKeyReused, ProcedureRuleViolated, VersionConflict, type AllowedEvent } from './engine-errors.js';
import { CaseEnterprise } from './entities/case-enterprise.entity.js';
import { CaseEventRecord } from './entities/case-event.entity.js';
import { CaseRecord } from './entities/case.entity.js';
import { chainHash, GENESIS_HASH } from './event-log/event-chain.js';
import { currentVersion, insertCase, isAssignedInstructor, readCase, sqlOn, writeEvent, type CaseDeadlineView, type DeadlineRow, type LoadedCase } from './case-store.js';
import { CaseCache } from './case-cache.js';
import { CASE_FACTS, OUTBOX_EVENT_TYPES, type CaseFactsSource } from './case-facts.js';
import { planDeadline, resolveParam, type PlannedDeadline } from './deadline-planner.js';
import { initialContext, sideOf, type CaseContext, type MachineEvent, type Side } from './machine/case-context.js';
import { GUARD_RULES } from './machine/procedure-rules.js';
import { validatePayload } from './payloads/validate-payload.js';
import { WorkflowRegistry, type RegisteredWorkflow } from './workflow-registry.js';

/** The system actor: deadlines fire through the same path as a user's event. */
export const SYSTEM_ACTOR: Actor = { userId: '00000000-0000-0000-0000-000000000000', username: 'system', role: 'system' as never, organisationId: '', regionCode: '' };
const isSystem = (actor: Actor) => (actor.role as string) === 'system';
/** Re-evaluations of an event without If-Match before giving up with a 409. */
const MAX_ATTEMPTS = 50;

export interface SendOptions {
  expectedVersion?: number;
  idempotencyKey?: string;
  /** Set by the scheduler: the deadline row this event fires (deleted in the same transaction). */
  deadlineKey?: string;
}

export interface SendResult {
  /** The case as it is after the event, with parties, enterprises and running deadlines. */
  caseRow: LoadedCase;
  event: CaseEventRecord;
  /** A retry with the same Idempotency-Key: nothing new happened. */
  replayed: boolean;
  /** Renewal: the case this event started. */
  linkedCaseId?: string;
}

export interface StartInput {
  kind: string;
  unionOrgId: string;
  employerOrgId: string | null;
  enterprises: { enterpriseId: string; employees: number }[];
  regionCode: string;
  industryCode: string | null;
  title: string;
  campaignId?: string | null;
  initiatorSide: Side;
  previousCaseId?: string;
}

/**
 * Runs events through the case's pinned machine: checks, transition, and in one atomic statement the
 * snapshot, status and version, the event-log row with its hash, and the deadlines of the states left and entered.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkflowRegistry) private readonly registry: WorkflowRegistry,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DeadlineCalendar) private readonly calendar: DeadlineCalendar,
    @Optional() @Inject(CASE_FACTS) private readonly factsSource?: CaseFactsSource,
    @Optional() @Inject(OUTBOX_EVENT_TYPES) private readonly outboxTypes?: ReadonlySet<string>,
  ) {}

  /** The cases this instance wrote last: a guess that saves the read; the versioned write decides. */
  private readonly cache = new CaseCache(10_000);
  /** Told of every event written with an outbox row (outside a transaction: committed), so that its worker starts at once. */
  private readonly outboxListeners = new Set<() => void>();

  onOutboxWritten(listener: () => void): () => void {
    this.outboxListeners.add(listener);
    return () => this.outboxListeners.delete(listener);
  }

  now(): Date {
    return this.clock.now();
  }

  today(): string {
    return DeadlineCalendar.chinaDate(this.clock.now());
  }

  workflowOf(c: Pick<CaseRecord, 'workflowId' | 'workflowVersion' | 'workflowHash'>): RegisteredWorkflow {
    const w = this.registry.get(c.workflowId, c.workflowVersion);
    if (!w || w.hash !== c.workflowHash) throw new Error(`workflow ${c.workflowId}@${c.workflowVersion} (${c.workflowHash}) is not registered`);
    return w;
  }

  /** Creates a case in the workflow's initial state, with its first log entry. Parties are checked by the caller. */
  async start(manager: EntityManager | undefined, actor: Actor, input: StartInput): Promise<CaseRecord> {
    const w = this.registry.forKind(input.kind);
    if (!w) throw new ValidationFailed([{ field: 'kind', rule: 'isIn', message_zh: `没有适用于 ${input.kind} 的流程`, message_en: `no workflow runs kind ${input.kind}` }]);
    const context: CaseContext = { ...initialContext(input.kind, input.initiatorSide), ...(input.previousCaseId ? { previousCaseId: input.previousCaseId } : {}) } as CaseContext;
    const [snapshot] = initialTransition(w.machine, context);
    const now = this.clock.now();
    const status = snapshot.value as string;
    const id = randomUUID();
    const payload = { occurredOn: this.today(), kind: input.kind, title: input.title, initiatorSide: input.initiatorSide, ...(input.previousCaseId ? { previousCaseId: input.previousCaseId } : {}) };
    const started = this.eventRecord(id, 1, 'CASE_STARTED', actor, payload, null, status, GENESIS_HASH, now);
    const caseRow: CaseRecord = {
      id,
      workflowId: w.definition.id,
      workflowVersion: w.definition.version,
      workflowHash: w.hash,
      kind: input.kind,
      title: input.title,
      status,
      snapshot: { value: status, context: snapshot.context },
      version: 1,
      lastEventHash: started.hash,
      regionCode: input.regionCode,
      industryCode: input.industryCode,
      unionOrgId: input.unionOrgId,
      employerOrgId: input.employerOrgId,
      initiatorSide: input.initiatorSide,
      employeesCovered: input.enterprises.reduce((n, e) => n + e.employees, 0),
      campaignId: input.campaignId ?? null,
      previousCaseId: input.previousCaseId ?? null,
      nextCaseId: null,
      lastOccurredOn: null,
      overdue: false,
      termEnd: null,
      createdBy: isSystem(actor) ? null : actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    const deadlines = (w.definition.machine.states[status].meta.deadlines ?? []).flatMap((spec) => {
      const planned = planDeadline(this.calendar, w.definition, spec, { occurredOn: payload.occurredOn, payload }, snapshot.context);
      return planned ? [deadlineRow(planned, status)] : [];
    });
    await insertCase(sqlOn(this.dataSource, manager), {
      row: caseRow,
      enterprises: input.enterprises,
      event: { actorRole: actor.role, payload, occurredOn: payload.occurredOn, prevHash: GENESIS_HASH },
      deadlines,
    });
    return caseRow;
  }

  /** Keeps a case just read, so that its first event needs no read of its own. */
  remember(loaded: LoadedCase) {
    this.cache.set({ ...loaded, idempotency: null });
  }

  /** Sends one event to a case: one read, one atomic write; re-evaluated if the case moved on meanwhile (unless If-Match). */
  async send(caseId: string, type: string, rawPayload: unknown, actor: Actor, options: SendOptions = {}): Promise<SendResult> {
    return this.sendOn(undefined, caseId, type, rawPayload, actor, options);
  }

  /** The same inside an open transaction (the scheduler's, a renewal's). */
  async sendWithin(manager: EntityManager, caseId: string, type: string, rawPayload: unknown, actor: Actor, options: SendOptions = {}): Promise<SendResult> {
    return this.sendOn(manager, caseId, type, rawPayload, actor, options);
  }

  private async sendOn(manager: EntityManager | undefined, caseId: string, type: string, rawPayload: unknown, actor: Actor, options: SendOptions): Promise<SendResult> {
    // Only an Idempotency-Key needs the request's fingerprint: spare the hot path the hashing otherwise.
    const requestHash = options.idempotencyKey ? createHash('sha256').update(JSON.stringify({ type, payload: rawPayload ?? null })).digest('hex') : '';
    let fresh = false;
    for (let attempt = 1; ; attempt++) {
      const judged = { onCache: false };
      let result: SendResult | 'moved-on';
      try {
        result = await this.attempt(manager, caseId, type, rawPayload, actor, options, requestHash, fresh, judged);
      } catch (err) {
        // Refused on the cached copy: another instance (or its scheduler) may have moved the case on since this
        // one wrote it. Only what the database holds may refuse an event: judge once more on a fresh read.
        if (!judged.onCache || !(err instanceof DomainError)) throw err;
        result = 'moved-on';
      }
      if (result !== 'moved-on') return result;
      this.cache.delete(caseId);
      if (!fresh) {
        fresh = true; // the cached copy was stale: judge again on what the database holds
        continue;
      }
      const current = await currentVersion(sqlOn(this.dataSource, manager), caseId);
      // With If-Match the caller decides; without, the event is judged again against the new state,
      // after a short random pause so that many writers to one case spread out instead of colliding again.
      if (options.expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) throw new VersionConflict(options.expectedVersion ?? current - 1, current);
      if (!manager) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
    }
  }

  private async attempt(manager: EntityManager | undefined, caseId: string, type: string, rawPayload: unknown, actor: Actor, options: SendOptions, requestHash: string, fresh: boolean, judged: { onCache: boolean }): Promise<SendResult | 'moved-on'> {
    const sql = sqlOn(this.dataSource, manager);
    // Inside a transaction (scheduler, renewal) and with an Idempotency-Key, always read: locks and keys live in the database.
    const cached = !manager && !options.idempotencyKey && !fresh ? this.cache.get(caseId) : undefined;
    judged.onCache = cached !== undefined;
    const loaded = cached ?? (await readCase(sql, caseId, options.idempotencyKey));
    if (!loaded) throw new CaseNotFound(caseId);
    const { enterpriseIds, idempotency, ...caseRow } = loaded;
    if (!isSystem(actor)) {
      const instructorAssigned = actor.role === 'instructor' ? await isAssignedInstructor(sql, caseId, actor.userId) : undefined;
      this.access.assertCaseVisible(actor, { ...caseRow, enterpriseIds, instructorAssigned }, () => new CaseNotFound(caseId));
    }

    if (idempotency) {
      if (idempotency.requestHash !== requestHash || idempotency.actorId !== actor.userId) throw new IdempotencyKeyReused(options.idempotencyKey!);
      const [row] = await sql.rows<Record<string, unknown>>('SELECT e.*, k.result FROM case_events e JOIN case_idempotency_keys k ON k.case_id = e.case_id AND k.seq = e.seq WHERE e.case_id = $1 AND k.key = $2', [caseId, options.idempotencyKey]);
      const original = row.result as LoadedCase;
      return { caseRow: { ...original, createdAt: new Date(original.createdAt), updatedAt: new Date(original.updatedAt) }, event: toEventRecord(row), replayed: true };
    }
    if (options.expectedVersion !== undefined && options.expectedVersion !== caseRow.version) {
      // A cached copy may be the stale one: only the database may say the client is behind.
      if (cached) return 'moved-on';
      throw new VersionConflict(options.expectedVersion, caseRow.version);
    }

    const w = this.workflowOf(caseRow);
    const def = w.definition;
    const fromState = caseRow.status;
    const spec = def.events[type];
    const stateOn = def.machine.states[fromState]?.on ?? {};
    if (!spec || !stateOn[type]) {
      if (!spec) {
        throw new ValidationFailed([{ field: 'type', rule: 'isIn', message_zh: `未知的事件类型 ${type}`, message_en: `unknown event type ${type}; known: ${Object.keys(def.events).join(', ')}` }]);
      }
      throw new EventNotAllowed(type, fromState, def.machine.states[fromState].meta.label, this.allowedEvents(def, caseRow, actor), caseRow.version);
    }
    const candidates = transitionsOf(stateOn[type]);
    this.assertMayAct(def, spec, candidates[0], caseRow, actor, type);

    const payload = await validatePayload(spec.payload, rawPayload);
    // A deadline fired late (the service was down) still may not predate an act recorded meanwhile.
    if (isSystem(actor) && caseRow.lastOccurredOn && payload.occurredOn < caseRow.lastOccurredOn) payload.occurredOn = caseRow.lastOccurredOn;
    this.checkOccurredOn(payload.occurredOn, caseRow);
    const extension = candidates[0].meta?.extends;
    if (extension) {
      const max = resolveParam(def, extension.maxDays)!;
      if (typeof payload.days !== 'number' || payload.days > max) {
        throw new ValidationFailed([{ field: 'payload.days', rule: 'max', message_zh: `延长期限不得超过 ${max} 日`, message_en: `the extension may not exceed ${max} days` }]);
      }
    }

    const snapshot = w.machine.resolveState({ value: fromState, context: caseRow.snapshot.context }) as AnyMachineSnapshot;
    const machineEvent: MachineEvent = { type, payload: options.deadlineKey ? { ...payload, deadlineKey: options.deadlineKey } : payload, actor: { role: actor.role, side: sideOf(actor.role) } };
    const guards = candidates.flatMap((t) => (t.guard ? [t.guard] : []));
    const gathered = this.factsSource && guards.length > 0 ? await this.factsSource.factsFor({ caseRow, enterpriseIds, type, payload, actor, guards, params: def.parameters, sql }) : undefined;
    if (gathered) {
      machineEvent.facts = gathered.facts;
      Object.assign(payload, gathered.record);
    }
    const violationsOf = (t: MachineTransitionConfig) => (t.guard ? GUARD_RULES[t.guard](snapshot.context as CaseContext, machineEvent, def.parameters) : []);
    if (!snapshot.can(machineEvent)) {
      // Each rule once; guards that only choose between transitions (`select.*`) are not the user's concern.
      const seen = new Set<string>();
      const violations = candidates.flatMap(violationsOf).filter((v) => !v.rule.startsWith('select.') && !seen.has(`${v.rule}|${v.message_en}`) && seen.add(`${v.rule}|${v.message_en}`));
      throw new ProcedureRuleViolated(type, violations);
    }
    const [next] = transition(w.machine, snapshot, machineEvent);
    const toState = next.value as string;
    // The transition XState took: the first whose guard passes (its deadlines and cancellations apply).
    const taken = candidates.find((t) => violationsOf(t).length === 0) ?? candidates[0];
    if (taken.meta?.startsLinkedCase && !manager) {
      // A renewal writes two cases: that needs a transaction of its own.
      return this.dataSource.transaction((m) => this.sendOn(m, caseId, type, rawPayload, actor, options));
    }
    const context = { ...(next.context as CaseContext) };
    // Leaving a state ends its stretch of the procedure: its overdue flags go with it; an expiry that leaves keeps
    // only the flag it sets itself (REVIEW_DEADLINE_PASSED must not carry a passed `materials` flag into `effective`).
    // Periods that run on into the new state (carriesOver) keep their row and their flag.
    const carried = (key: string) => w.deadlineSpecs.get(key)?.carriesOver?.includes(toState) ?? false;
    if (toState !== fromState) context.overdue = context.overdue.filter((k) => k === options.deadlineKey || carried(k));

    const plan = (specs: DeadlineSpec[] | undefined, state: string) =>
      (specs ?? []).flatMap((d) => {
        const planned = planDeadline(this.calendar, def, d, { occurredOn: payload.occurredOn, payload }, context as unknown as Record<string, unknown>);
        return planned ? [deadlineRow(planned, state)] : [];
      });
    const stateChanged = toState !== fromState;
    const upsert = stateChanged ? plan(def.machine.states[toState].meta.deadlines, toState) : plan(taken.meta?.deadlines, toState);
    if (stateChanged) {
      for (const d of loaded.deadlines) {
        if (!carried(d.key) || d.key === options.deadlineKey || upsert.some((u) => u.key === d.key)) continue;
        upsert.push({ key: d.key, state: toState, due_on: d.dueOn, due_at: d.dueAt, on_expiry: d.onExpiry, marks_overdue: w.deadlineSpecs.get(d.key)?.marksOverdue ?? true, basis: d.basis, warnings: d.warnings });
      }
    }
    if (!stateChanged && extension) {
      const [row] = await sql.rows<DeadlineRow>('SELECT key, state, due_on::text AS due_on, due_at, on_expiry, marks_overdue, basis, warnings FROM case_deadlines WHERE case_id = $1 AND key = $2', [caseId, extension.key]);
      if (row) {
        const end = this.calendar.periodEnd(row.due_on, payload.days as number, 'natural');
        upsert.push({ ...row, due_on: end.lastDay, due_at: end.dueAt.toISOString(), basis: { ...row.basis, extendedBy: payload.days }, warnings: [...row.warnings, ...end.warnings] });
      }
    }

    let linkedCaseId: string | undefined;
    if (taken.meta?.startsLinkedCase) linkedCaseId = await this.startRenewal(manager!, actor, caseRow, payload);
    // Leaving the state ends all its deadlines; staying ends the one that fired and those the transition cancels.
    const gone = stateChanged ? loaded.deadlines.map((d) => d.key) : [...(options.deadlineKey ? [options.deadlineKey] : []), ...(taken.meta?.cancels ?? [])];
    const now = this.clock.now();
    const seq = caseRow.version + 1;
    const event = this.eventRecord(caseId, seq, type, actor, payload, fromState, toState, caseRow.lastEventHash, now);
    // The running deadlines now: the state's new ones, or the old ones less those fired, cancelled or replaced.
    const removed = new Set([...gone, ...upsert.map((d) => d.key)]);
    const deadlines: CaseDeadlineView[] = [
      ...loaded.deadlines.filter((d) => !removed.has(d.key)),
      ...upsert.map((d) => ({ key: d.key, dueOn: d.due_on, dueAt: new Date(d.due_at).toISOString(), onExpiry: d.on_expiry, basis: d.basis as CaseDeadlineView['basis'], warnings: d.warnings as CaseDeadlineView['warnings'] })),
    ].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const updated: LoadedCase = {
      ...loaded,
      idempotency: null,
      deadlines,
      snapshot: { value: toState, context: context as unknown as Record<string, unknown> },
      status: toState,
      version: seq,
      lastEventHash: event.hash,
      lastOccurredOn: payload.occurredOn,
      overdue: context.overdue.length > 0,
      termEnd: context.term?.end ?? null,
      nextCaseId: linkedCaseId ?? caseRow.nextCaseId,
      updatedAt: now,
    };
    const written = await writeEvent(sql, {
      caseId,
      expectedVersion: caseRow.version,
      snapshot: { value: toState, context },
      status: toState,
      version: seq,
      lastOccurredOn: payload.occurredOn,
      overdue: context.overdue.length > 0,
      termEnd: context.term?.end ?? null,
      termEndBefore: caseRow.termEnd,
      updatedAt: now,
      nextCaseId: linkedCaseId ?? null,
      event: { type, actorId: event.actorId, actorRole: event.actorRole, payload, fromState, prevHash: event.prevHash, hash: event.hash },
      clearOtherDeadlines: stateChanged,
      deleteDeadlines: stateChanged ? [] : gone,
      upsertDeadlines: upsert,
      // The answer is kept with the key: a retry, even after the case moved on, gets this one.
      idempotency: options.idempotencyKey ? { key: options.idempotencyKey, requestHash, result: updated } : null,
      outbox: this.outboxTypes?.has(type) ?? false,
    });
    if (!written) return 'moved-on';
    if (manager) this.cache.delete(caseId);
    else {
      this.cache.set(updated);
      // Inside a transaction the row is not committed yet: the worker's own rounds find it.
      if (this.outboxTypes?.has(type)) for (const listener of this.outboxListeners) listener();
    }
    return { caseRow: updated, event, replayed: false, linkedCaseId };
  }

  /** The events this actor may send now (guards are checked when sent: they depend on the payload). */
  allowedEvents(def: WorkflowDefinition, caseRow: CaseRecord, actor: Actor): AllowedEvent[] {
    const on = def.machine.states[caseRow.status]?.on ?? {};
    return Object.entries(on)
      .filter(([type, t]) => this.mayAct(def.events[type], transitionsOf(t)[0], caseRow, actor))
      .map(([type]) => ({ type, label: def.events[type].label }));
  }

  private mayAct(spec: EventSpec, t: MachineTransitionConfig, caseRow: CaseRecord, actor: Actor): boolean {
    const roles: EventRole[] = t.meta?.roles ?? spec.roles;
    if (!roles.includes(actor.role)) return false;
    const party = t.meta?.party ?? spec.party ?? 'any';
    if (party === 'any') return true;
    const side = sideOf(actor.role);
    if (!side) return true; // bureau, instructor: not a bargaining side; their roles were checked above
    return party === 'initiator' ? side === caseRow.initiatorSide : side !== caseRow.initiatorSide;
  }

  private assertMayAct(def: WorkflowDefinition, spec: EventSpec, t: MachineTransitionConfig, caseRow: CaseRecord, actor: Actor, type: string) {
    if (this.mayAct(spec, t, caseRow, actor)) return;
    const roles = (t.meta?.roles ?? spec.roles).join(', ');
    throw new Forbidden({
      zh: `${def.events[type].label.zh}（${type}）须由 ${roles} 中的适当一方发送；角色 ${actor.role} 不能发送`,
      en: `${type} is sent by the proper party among: ${roles}; role ${actor.role} may not send it`,
    });
  }

  private checkOccurredOn(occurredOn: string, caseRow: CaseRecord) {
    const today = this.today();
    if (occurredOn > today) {
      throw new ValidationFailed([{ field: 'payload.occurredOn', rule: 'notInFuture', message_zh: `行为日期 ${occurredOn} 不能晚于今天 ${today}`, message_en: `occurredOn ${occurredOn} is later than today (${today})` }]);
    }
    if (caseRow.lastOccurredOn && occurredOn < caseRow.lastOccurredOn) {
      throw new ValidationFailed([
        { field: 'payload.occurredOn', rule: 'notBeforePreviousAct', message_zh: `行为日期 ${occurredOn} 早于本案上一行为日期 ${caseRow.lastOccurredOn}`, message_en: `occurredOn ${occurredOn} is earlier than the case's previous act (${caseRow.lastOccurredOn})` },
      ]);
    }
  }

  /** An event-log row, chained to the previous one by its hash. */
  private eventRecord(caseId: string, seq: number, type: string, actor: Actor, payload: Record<string, unknown> & { occurredOn: string }, fromState: string | null, toState: string, prevHash: string, recordedAt = this.clock.now()): CaseEventRecord {
    const event: CaseEventRecord = {
      caseId,
      seq,
      type,
      actorId: isSystem(actor) ? null : actor.userId,
      actorRole: actor.role,
      payload,
      fromState,
      toState,
      occurredOn: payload.occurredOn,
      recordedAt,
      prevHash,
      hash: '',
    };
    event.hash = chainHash(prevHash, event);
    return event;
  }

  /** RENEWAL_OFFERED: a new case with the same parties, its offer already issued, linked both ways. */
  private async startRenewal(manager: EntityManager, actor: Actor, old: CaseRecord, payload: Record<string, unknown> & { occurredOn: string }): Promise<string> {
    const enterprises = await manager.find(CaseEnterprise, { where: { caseId: old.id } });
    const renewal = await this.start(manager, actor, {
      kind: old.kind,
      unionOrgId: old.unionOrgId,
      employerOrgId: old.employerOrgId,
      enterprises: enterprises.map(({ enterpriseId, employees }) => ({ enterpriseId, employees })),
      regionCode: old.regionCode,
      industryCode: old.industryCode,
      title: `${old.title}（续订）`,
      campaignId: old.campaignId,
      initiatorSide: sideOf(actor.role) ?? old.initiatorSide,
      previousCaseId: old.id,
    });
    await this.sendWithin(manager, renewal.id, 'OFFER_ISSUED', { ...payload }, actor);
    return renewal.id;
  }
}

function deadlineRow(d: PlannedDeadline, state: string): DeadlineRow {
  return { key: d.key, state, due_on: d.dueOn, due_at: d.dueAt.toISOString(), on_expiry: d.onExpiry, marks_overdue: d.marksOverdue, basis: d.basis, warnings: d.warnings };
}

export function toEventRecord(r: Record<string, unknown>): CaseEventRecord {
  return {
    caseId: r.case_id as string,
    seq: r.seq as number,
    type: r.type as string,
    actorId: r.actor_id as string | null,
    actorRole: r.actor_role as string,
    payload: r.payload as Record<string, unknown>,
    fromState: r.from_state as string | null,
    toState: r.to_state as string,
    occurredOn: typeof r.occurred_on === 'string' ? r.occurred_on : (r.occurred_on as Date).toISOString().slice(0, 10),
    recordedAt: new Date(r.recorded_at as string),
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}
