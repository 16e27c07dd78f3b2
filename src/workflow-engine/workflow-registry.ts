import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import { DataSource } from 'typeorm';
import { WORKFLOWS_DIR } from '../config/tokens.js';
import { InvalidWorkflow, transitionsOf } from './definition/definition-validator.js';
import type { DeadlineSpec, LoadedWorkflow, WorkflowDefinition } from './definition/workflow-definition.js';
import { loadWorkflowFiles } from './definition/workflow-files.js';
import { WorkflowDefinitionRecord } from './entities/workflow-definition-record.entity.js';
import { buildMachine } from './machine/machine-factory.js';

export interface RegisteredWorkflow extends LoadedWorkflow {
  machine: AnyStateMachine;
  /** Every deadline of the file by key (states' and transitions'), e.g. to know which run on into the next state. */
  deadlineSpecs: Map<string, DeadlineSpec>;
}

function deadlineSpecsOf(definition: WorkflowDefinition): Map<string, DeadlineSpec> {
  const specs = new Map<string, DeadlineSpec>();
  for (const state of Object.values(definition.machine.states)) {
    for (const d of state.meta.deadlines ?? []) specs.set(d.key, d);
    for (const on of Object.values(state.on ?? {})) for (const t of transitionsOf(on)) for (const d of t.meta?.deadlines ?? []) specs.set(d.key, d);
  }
  return specs;
}

/**
 * The workflows the service runs: the files under workflows/ (validated at start: a bad file stops the
 * service), registered in the database so that every version a case was ever pinned to stays runnable.
 */
@Injectable()
export class WorkflowRegistry implements OnModuleInit {
  private byKey = new Map<string, RegisteredWorkflow>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WORKFLOWS_DIR) private readonly dir: string | undefined,
  ) {}

  async onModuleInit() {
    const files = loadWorkflowFiles(this.dir);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(4242002)');
      for (const w of files) {
        const stored = await manager.findOne(WorkflowDefinitionRecord, { where: { id: w.definition.id, version: w.definition.version } });
        if (!stored) {
          await manager.insert(WorkflowDefinitionRecord, { id: w.definition.id, version: w.definition.version, hash: w.hash, definition: w.definition, file: w.file });
        } else if (stored.hash !== w.hash) {
          throw new InvalidWorkflow(w.file, '$', `${w.definition.id}@${w.definition.version} was registered with hash ${stored.hash.slice(0, 12)}…; a changed procedure is a new version (a new file), never an edit`);
        }
      }
    });
    const records = await this.dataSource.getRepository(WorkflowDefinitionRecord).find();
    this.byKey = new Map(
      records.map((r) => {
        const definition = r.definition as WorkflowDefinition;
        return [key(r.id, r.version), { definition, file: r.file, hash: r.hash, machine: buildMachine(definition), deadlineSpecs: deadlineSpecsOf(definition) }];
      }),
    );
  }

  get(id: string, version: number): RegisteredWorkflow | undefined {
    return this.byKey.get(key(id, version));
  }

  list(): RegisteredWorkflow[] {
    return [...this.byKey.values()].sort((a, b) => a.definition.id.localeCompare(b.definition.id) || a.definition.version - b.definition.version);
  }

  latest(id: string): RegisteredWorkflow | undefined {
    return this.list()
      .filter((w) => w.definition.id === id)
      .at(-1);
  }

  /** The newest version of the workflow that runs this contract kind. */
  forKind(kind: string): RegisteredWorkflow | undefined {
    const ids = new Set(this.list().filter((w) => w.definition.kinds.includes(kind)).map((w) => w.definition.id));
    return [...ids].map((id) => this.latest(id)!).find((w) => w.definition.kinds.includes(kind));
  }
}

const key = (id: string, version: number) => `${id}@${version}`;
