import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FILE = 'secret.key';

/**
 * The key that signs share-link tokens: SECRET from the environment, else one
 * generated on first start and kept in DATA_DIR (readable by the server user only).
 * Changing it invalidates every share link.
 */
export function loadOrCreateSecret(dataDir: string, fromEnv: string | null): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SECRET_FILE);
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  const secret = randomBytes(32);
  writeFileSync(path, secret.toString('base64'), { mode: 0o600, flag: 'wx' });
  return secret;
}
