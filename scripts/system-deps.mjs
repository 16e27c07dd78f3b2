// What the documents need from the system: Chromium and three TrueType CJK faces (Debian packages). As root,
// with apt-get at hand, `npm start` installs what is missing; otherwise it says exactly what to run. The
// service starts either way: documents wait (and are retried) until the browser is there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDS = [
  { pkg: 'chromium', file: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
  { pkg: 'fonts-arphic-uming', file: '/usr/share/fonts/truetype/arphic/uming.ttc' },
  { pkg: 'fonts-arphic-ukai', file: '/usr/share/fonts/truetype/arphic/ukai.ttc' },
  { pkg: 'fonts-wqy-zenhei', file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc' },
];
/** The tests read the PDFs back with poppler (pdftotext, pdffonts, pdfinfo). */
const FOR_TESTS = [{ pkg: 'poppler-utils', file: '/usr/bin/pdftotext' }];

export function ensureSystemPackages({ forTests = false } = {}) {
  const missing = [...NEEDS, ...(forTests ? FOR_TESTS : [])].filter((n) => !existsSync(n.file)).map((n) => n.pkg);
  if (missing.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (root && apt && !process.env.CB_NO_APT) {
    console.log(`› 安装文书所需的系统软件包 installing the documents' system packages: ${missing.join(' ')}`);
    try {
      execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${command} >/dev/null`], { stdio: 'inherit' });
      return;
    } catch {
      console.warn('! apt-get failed; the service starts without them');
    }
  }
  console.warn(`! 缺少生成 PDF 文书所需的软件包 missing for the PDF documents: ${missing.join(' ')}\n  run: sudo ${command}\n  (the service starts; documents are rendered once they are installed)`);
}
