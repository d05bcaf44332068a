/**
 * The action-text key on a laptop: a key file in the data directory, made on first use with a fresh
 * random key, readable and writable by its owner only (mode 0600), as `serve.json`'s token is. A file
 * that others may read is refused rather than used: the key opens every action's text.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keyFromSecret, newActionTextKey } from '../functions/adapters/action-text/cipher.ts';

/** The key file's name in the data directory. */
export const ACTION_TEXT_KEY_FILE = 'action-text.key';

/**
 * The data directory's action-text key, made (0600) if there is none yet.
 *
 * @throws Error when the file can be read by others than its owner, or holds no key.
 */
export async function localActionTextKey(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, ACTION_TEXT_KEY_FILE);
  try {
    await writeFile(path, `${newActionTextKey().toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    // Already there (a second start, or another process first): it is read below.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${path} may be read by others than its owner: chmod 600 it (it opens every action's text)`,
    );
  }
  return keyFromSecret(await readFile(path, 'utf8'));
}
