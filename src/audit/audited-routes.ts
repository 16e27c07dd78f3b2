/**
 * 审计的操作 The administrative acts written to the audit log, by route (API and page forms alike), so no
 * controller needs to remember it. A route is audited when it succeeds: a 2xx from the API, a 303 from a page
 * form (the pages answer a refusal with the form again). Sign-ins are audited by AuthService itself.
 *
 * `subject`: what the act is about; `idFrom`: where its id is: a route parameter's name, `answer.<field>` of the JSON
 * answer (a create), or `location` (the last segment of a page's redirect).
 */
export interface AuditedRoute {
  kind: string;
  subject: string;
  /** A route parameter's name, `answer.<field>`, or `location`. */
  idFrom: string;
}

export const AUDITED_ROUTES: Record<string, AuditedRoute> = {
  'POST /api/users': { kind: 'user.created', subject: 'user', idFrom: 'answer.id' },
  'POST /api/enterprises': { kind: 'organisation.created', subject: 'organisation', idFrom: 'answer.id' },
  'PATCH /api/enterprises/:id': { kind: 'organisation.changed', subject: 'organisation', idFrom: 'id' },
  'POST /api/unions': { kind: 'organisation.created', subject: 'organisation', idFrom: 'answer.id' },
  'PATCH /api/unions/:id': { kind: 'organisation.changed', subject: 'organisation', idFrom: 'id' },
  'POST /api/employer-associations': { kind: 'organisation.created', subject: 'organisation', idFrom: 'answer.id' },
  'PATCH /api/employer-associations/:id': { kind: 'organisation.changed', subject: 'organisation', idFrom: 'id' },
  'POST /api/labour-bureaus': { kind: 'organisation.created', subject: 'organisation', idFrom: 'answer.id' },
  'POST /api/instructors': { kind: 'instructor.registered', subject: 'instructor', idFrom: 'answer.id' },
  'PATCH /api/instructors/:id': { kind: 'instructor.changed', subject: 'instructor', idFrom: 'id' },
  'PUT /api/cases/:caseId/instructors/:instructorId': { kind: 'instructor.assigned', subject: 'case', idFrom: 'caseId' },
  'DELETE /api/cases/:caseId/instructors/:instructorId': { kind: 'instructor.unassigned', subject: 'case', idFrom: 'caseId' },
  'POST /cases/:id/instructors': { kind: 'instructor.assigned', subject: 'case', idFrom: 'id' },
  'POST /api/campaigns': { kind: 'campaign.created', subject: 'campaign', idFrom: 'answer.id' },
  'PATCH /api/campaigns/:id': { kind: 'campaign.changed', subject: 'campaign', idFrom: 'id' },
  'PUT /api/campaigns/:id/targets': { kind: 'campaign.targets-replaced', subject: 'campaign', idFrom: 'id' },
  'POST /api/campaigns/:id/roster': { kind: 'roster.imported', subject: 'campaign', idFrom: 'id' },
  'POST /roster': { kind: 'roster.imported', subject: 'roster-import', idFrom: 'location' },
  'POST /api/campaigns/:id/bulk-offers': { kind: 'bulk-offers.started', subject: 'campaign', idFrom: 'id' },
  'POST /api/campaigns/:id/bulk-offers/:batchId/retry': { kind: 'bulk-offers.retried', subject: 'campaign', idFrom: 'id' },
  'POST /api/templates/:templateId/preview': { kind: 'template.previewed', subject: 'template', idFrom: 'templateId' },
};

/** Body fields never written to the log. */
export const SECRET_FIELDS = /pass(word)?|secret|token|csrf/i;
