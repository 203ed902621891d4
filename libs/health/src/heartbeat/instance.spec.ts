import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOKEN_PATTERN } from '@vigie/contracts';
import { newInstanceId, packageVersion } from './instance';

describe('newInstanceId', () => {
  it('is the service name and 12 random hex chars, a valid subject token', () => {
    const a = newInstanceId('cash');
    expect(a).toMatch(/^cash-[0-9a-f]{12}$/);
    expect(newInstanceId('cash')).not.toBe(a);
    expect(newInstanceId('x'.repeat(128))).toMatch(TOKEN_PATTERN);
  });
});

describe('packageVersion', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'vigie-version-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the nearest package.json that declares a version, skipping those that do not', () => {
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'ws', version: '1.2.3' }));
    mkdirSync(path.join(root, 'libs', 'x', 'src'), { recursive: true });
    writeFileSync(path.join(root, 'libs', 'x', 'package.json'), JSON.stringify({ name: 'x' }));
    writeFileSync(path.join(root, 'libs', 'package.json'), '{ not json');
    expect(packageVersion(path.join(root, 'libs', 'x', 'src'))).toBe('1.2.3');
  });

  it('is the workspace version from this source tree', () => {
    const workspace = JSON.parse(readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as { name: string; version: string };
    expect(workspace.name).toBe('vigie');
    expect(packageVersion()).toBe(workspace.version);
  });
});
