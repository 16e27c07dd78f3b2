import type { MachineEvent } from '../../workflow-engine/machine/case-context.js';
import type { ComplianceInput } from '../compliance-rule.js';

/** The machine's procedure rules read an event; the checker hands them one made of the facts it has. */
export function checkerEvent(input: ComplianceInput, payload: Record<string, unknown> = {}): MachineEvent {
  return { type: 'COMPLIANCE_CHECK', payload: { ...payload, occurredOn: input.today }, actor: { role: 'system' } };
}
