import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/run-ferry';
import { TEST_DATABASE_URL } from '../support/test-database-url';
import { uniqueSlug } from '../support/test-database';

// On a terminal a long import shows a progress bar; piped, it prints only the summary.
describe('progress on a terminal', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferry-tty-'));
  const file = path.join(dir, 'many.csv');
  writeFileSync(file, `email,first_name\n${Array.from({ length: 20_000 }, (_, i) => `p${i}@example.com,P${i}`).join('\n')}\n`);
  const command = `${process.execPath} ${path.join(REPO_ROOT, 'bin/ferry.js')} import ${file} --name progress`;
  const env = { ...process.env, DATABASE_URL: TEST_DATABASE_URL, FERRY_WORKSPACE: uniqueSlug('tty') };

  it('draws a bar with rows and rate under a pseudo-terminal (util-linux script)', () => {
    const log = path.join(dir, 'tty.log');
    execFileSync('script', ['-qec', command, log], { env, stdio: 'ignore' });
    const screen = readFileSync(log, 'utf8');
    expect(screen).toMatch(/100% \| 20000 rows \| \d+ rows\/s/);
    expect(screen).toContain('progress — completed');
  });

  it('prints no bar when the output is piped', () => {
    const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin/ferry.js'), 'import', file, '--name', 'piped'], { env: { ...env, FERRY_WORKSPACE: uniqueSlug('pipe') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).not.toContain('rows/s');
    expect(out).toContain('piped — completed');
  });
});
