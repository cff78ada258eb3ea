/**
 * PGlite does not lock its data directory: a second process could open it and have its
 * writes silently lost. We hold a lock file with our process id for as long as we run.
 */
import { closeSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../http/app-error.ts';

export interface DataDirLock {
  release(): void;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds, so a second open from inside the same process is refused too. */
const held = new Set<string>();

export function lockDataDir(dir: string): DataDirLock {
  // One name per directory, so `./data` and `/srv/casebook/data` count as the same one.
  const file = path.join(realpathSync(dir), 'casebook.lock');
  if (held.has(file)) {
    throw new AppError('database.data_dir_in_use', `The embedded database in ${dir} is already open in this process.`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(file);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          held.delete(file);
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processIsAlive(pid)) {
        throw new AppError(
          'database.data_dir_in_use',
          `The embedded database in ${dir} is in use by another Casebook process (pid ${pid}). Stop it first, or point CASEBOOK_DATA_DIR elsewhere.`,
        );
      }
      // The process that held it is gone: the lock is stale.
      rmSync(file, { force: true });
    }
  }
  throw new AppError('database.data_dir_in_use', `Could not lock ${dir}.`);
}
