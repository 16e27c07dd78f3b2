// `npm run authz:table`: rewrites test/security/authorization-matrix.json from what the service answers (every role ×
// route × own/other jurisdiction). Review the diff (git diff test/security/authorization-matrix.json) before
// committing it: the table is the reviewed statement of who may do what; the test compares the service against it.
import { join } from 'node:path';
import { build, ensureDependencies, ROOT, run } from './ensure-deps.mjs';

ensureDependencies();
build();
run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), 'test/security/authorization-matrix.e2e.spec.ts'], {
  env: { ...process.env, AUTHZ_WRITE_TABLE: '1' },
});
