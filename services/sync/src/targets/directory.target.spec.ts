import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { directoryTargetKind, fileSystemFailure } from './directory.target';
import { TargetError, type ExportBatch } from './target';

const batch = (text: string, fileName = 'local-20261130T091200Z-run-1.csv'): ExportBatch => ({
  runId: 'run-1',
  target: 'local',
  fileName,
  contentType: 'text/csv; charset=utf-8',
  body: new TextEncoder().encode(text),
  itemCount: 1,
});
const never = () => new AbortController().signal;

describe('directory target', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigie-sync-dir-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const target = (p = dir) => directoryTargetKind.create('local', directoryTargetKind.options({}).parse({ path: p }));

  it('writes the CSV under its file name and leaves no temporary file', async () => {
    expect(await target().export(batch('a,b\r\n1,2\r\n'), never())).toEqual({ itemCount: 1 });
    expect(await readdir(dir)).toEqual(['local-20261130T091200Z-run-1.csv']);
    expect(await readFile(path.join(dir, 'local-20261130T091200Z-run-1.csv'), 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect((await stat(path.join(dir, 'local-20261130T091200Z-run-1.csv'))).mode & 0o777).toBe(0o640);
  });

  it('replaces the file of an earlier attempt of the same run in one step', async () => {
    await target().export(batch('first\r\n'), never());
    await target().export(batch('second\r\n'), never());
    expect(await readdir(dir)).toEqual(['local-20261130T091200Z-run-1.csv']);
    expect(await readFile(path.join(dir, 'local-20261130T091200Z-run-1.csv'), 'utf8')).toBe('second\r\n');
  });

  it('refuses to create a missing directory, and says so', async () => {
    const missing = path.join(dir, 'not-mounted');
    const e = await target(missing).export(batch('x\r\n'), never()).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(TargetError);
    expect(e).toMatchObject({ code: 'sync.directory-missing', retryable: true });
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('treats a file where the directory should be as a missing directory', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    await expect(target(file).export(batch('x\r\n'), never())).rejects.toMatchObject({ code: 'sync.directory-missing' });
  });

  it('stops with the signal reason when aborted, leaving nothing behind', async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    controller.abort(reason);
    await expect(target().export(batch('x\r\n'), controller.signal)).rejects.toBe(reason);
    expect(await readdir(dir)).toEqual([]);
  });

  it('accepts only absolute paths', () => {
    expect(directoryTargetKind.options({}).safeParse({ path: 'relative/dir' }).success).toBe(false);
    expect(directoryTargetKind.options({}).safeParse({ path: '/srv/exports', extra: 1 }).success).toBe(false);
  });
});

describe('file-system failure codes', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code });

  it.each([
    ['ENOSPC', 'sync.disk-full', true],
    ['EDQUOT', 'sync.disk-full', true],
    ['EACCES', 'sync.permission-denied', false],
    ['EPERM', 'sync.permission-denied', false],
    ['EROFS', 'sync.read-only', false],
    ['ENOENT', 'sync.directory-missing', true],
    ['EIO', 'sync.io-error', true],
  ])('%s → %s', (code, expected, retryable) => {
    expect(fileSystemFailure(errno(code))).toMatchObject({ code: expected, retryable });
  });
});
