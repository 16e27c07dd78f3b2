import type { DataSource } from 'typeorm';
import { CaseInstructor } from '../../instructors/entities/case-instructor.entity.js';
import { Instructor } from '../../instructors/entities/instructor.entity.js';
import { demoId } from './demo-seed.js';
import { addDays } from './procedure-samples.js';

/**
 * The demo's instructor: instructor.demo's record (成都市总工会, serving 成都市), assigned to the demo cases of
 * 成都 — an instructor reads the cases assigned to them. Returns how many cases it guides.
 */
export async function seedDemoInstructor(dataSource: DataSource, today: string): Promise<number> {
  const id = demoId('instructor-demo');
  if (!(await dataSource.getRepository(Instructor).existsBy({ id }))) {
    await dataSource.getRepository(Instructor).insert({
      id,
      name: '刘志华',
      userId: demoId('user:instructor.demo'),
      organisationId: demoId('fed-cd'),
      regionCode: '510100',
      qualifications: ['集体协商指导员', '劳动关系协调师（二级）'],
      appointedOn: addDays(today, -400),
      appointmentEndsOn: null,
      active: true,
    });
  }
  const cases: { id: string }[] = await dataSource.query("SELECT c.id FROM cases c JOIN regions r ON r.code = c.region_code WHERE r.path LIKE '510000/510100/%' ORDER BY c.created_at, c.id");
  if (cases.length) await dataSource.getRepository(CaseInstructor).upsert(cases.map((c) => ({ caseId: c.id, instructorId: id, assignedBy: demoId('user:federation.demo') })), ['caseId', 'instructorId']);
  return cases.length;
}
