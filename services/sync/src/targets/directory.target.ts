import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TargetError, type ExportBatch, type ExportResult, type SyncTarget, type TargetKind } from './target';

export interface DirectoryOptions {
  /**
   * Absolute path of an existing directory. Never created by the service: a missing directory is
   * often an unmounted share, and writing into the bare mount point would fill the local disk with
   * files nobody reads.
   */
  path: string;
}

const Options = z
  .object({ path: z.string().min(1).max(4096).refine((p) => path.isAbsolute(p), 'must be an absolute path') })
  .strict();

/** The failure of a file-system call, by its errno code. */
export function fileSystemFailure(error: unknown): TargetError {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new TargetError('sync.disk-full', `no space left on the export device (${code})`);
    case 'EACCES':
    case 'EPERM':
      return new TargetError('sync.permission-denied', `not allowed to write in the export directory (${code})`, { retryable: false });
    case 'EROFS':
      return new TargetError('sync.read-only', 'the export directory is on a read-only file system', { retryable: false });
    case 'ENOENT':
    case 'ENOTDIR':
      return new TargetError('sync.directory-missing', `the export directory does not exist (${code})`);
    default:
      return new TargetError('sync.io-error', `file-system error (${code ?? (error as Error)?.message ?? 'unknown'})`);
  }
}

class DirectoryTarget implements SyncTarget {
  readonly kind = 'directory';

  constructor(
    readonly name: string,
    private readonly options: DirectoryOptions,
  ) {}

  async export(batch: ExportBatch, signal: AbortSignal): Promise<ExportResult> {
    const dir = this.options.path;
    const finalPath = path.join(dir, path.basename(batch.fileName));
    // Same directory, so the rename is atomic; a leading dot hides it from readers listing *.csv.
    const tempPath = path.join(dir, `.${path.basename(batch.fileName)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(tempPath, 'wx', 0o640);
      try {
        await file.writeFile(batch.body, { signal });
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tempPath, finalPath);
    } catch (e) {
      await unlink(tempPath).catch(() => undefined);
      if (signal.aborted) throw signal.reason;
      throw e instanceof TargetError ? e : fileSystemFailure(e);
    }
    await syncDirectory(dir);
    return { itemCount: batch.itemCount };
  }
}

/** Makes the rename itself durable; some file systems refuse to fsync a directory, which changes nothing here. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** Writes the CSV into a local (or mounted) directory: temp file, fsync, rename. */
export const directoryTargetKind: TargetKind<DirectoryOptions> = {
  kind: 'directory',
  options: () => Options,
  create: (name, options) => new DirectoryTarget(name, options),
};
