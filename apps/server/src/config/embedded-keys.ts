/**
 * The embedded mode keeps its own keys in the data directory, created on first start
 * with file mode 0600, so a fresh `npm start` needs no secret from the user.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedKeys {
  sessionSecret: Buffer;
  dataKey: Buffer;
}

export function loadOrCreateEmbeddedKeys(dataDir: string): EmbeddedKeys {
  const file = path.join(dataDir, 'keys.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const keys = { sessionSecret: randomBytes(32).toString('base64'), dataKey: randomBytes(32).toString('base64') };
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  // Tighten permissions left loose by a copy or an unpack.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return {
    sessionSecret: Buffer.from(parsed.sessionSecret, 'base64'),
    dataKey: Buffer.from(parsed.dataKey, 'base64'),
  };
}
