/**
 * How an action's text is sealed at rest: AES-256-GCM (node:crypto) under a 32-byte key the caller
 * supplies (locally a key file in the data directory, on AWS a Secrets Manager secret), with a fresh
 * 12-byte IV for each seal and the case and action ids as additional authenticated data, so a sealed
 * text moved to another action or case, or changed in any way, does not open. Errors never quote the
 * text, the sealed value or the key.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The length of an action-text key, in bytes (AES-256). */
export const ACTION_TEXT_KEY_BYTES = 32;

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The first part of every sealed text: the format, so a later one can be told apart. */
const VERSION = 'v1';

/** A sealed text that cannot be opened: changed, sealed for another action or case, or under another key. */
export class ActionTextUnreadable extends Error {
  constructor(caseId: string, actionId: string) {
    super(`The text of action ${actionId} of case ${caseId} cannot be opened with this key`);
    this.name = 'ActionTextUnreadable';
  }
}

const boundTo = (caseId: string, actionId: string) => Buffer.from(`${caseId}\u0000${actionId}`, 'utf8');

/** Seals and opens action texts under one key. */
export class ActionTextCipher {
  readonly #key: Buffer;

  /** @throws RangeError when `key` is not {@link ACTION_TEXT_KEY_BYTES} bytes. */
  constructor(key: Uint8Array) {
    if (key.byteLength !== ACTION_TEXT_KEY_BYTES) {
      throw new RangeError(`An action-text key is ${ACTION_TEXT_KEY_BYTES} bytes, not ${key.byteLength}`);
    }
    this.#key = Buffer.from(key);
  }

  /** The text sealed for this action of this case: `v1.<iv>.<tag>.<ciphertext>`, each base64url. */
  seal(caseId: string, actionId: string, text: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(boundTo(caseId, actionId));
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /**
   * The text of a sealed value of this action of this case.
   *
   * @throws {@link ActionTextUnreadable} when it was changed, sealed for another action or case, or
   * under another key.
   */
  open(caseId: string, actionId: string, sealed: string): string {
    const [version, iv, tag, body, ...rest] = sealed.split('.');
    if (
      version !== VERSION ||
      iv === undefined ||
      tag === undefined ||
      body === undefined ||
      rest.length > 0
    ) {
      throw new ActionTextUnreadable(caseId, actionId);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(boundTo(caseId, actionId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new ActionTextUnreadable(caseId, actionId);
    }
  }
}

/** A new random key, for a key file or a secret. */
export const newActionTextKey = (): Buffer => randomBytes(ACTION_TEXT_KEY_BYTES);

/** The shortest generated secret a key is derived from: 32 random characters or more. */
export const MIN_GENERATED_SECRET = 32;

/**
 * The key in a Secrets Manager secret's string (or a key file's contents), surrounding white space
 * ignored: the 32 bytes themselves in base64 (44 characters) or hex (64); or a JSON object holding
 * such a string as `actionTextKey`; or else a generated secret of at least
 * {@link MIN_GENERATED_SECRET} characters (Secrets Manager's `GenerateSecretString`), which the key is
 * derived from with HKDF-SHA256, the same key each time.
 *
 * @throws RangeError, naming neither the secret nor any part of it, when it holds none of these.
 */
export function keyFromSecret(secret: string): Buffer {
  let text = secret.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RangeError('The action-text key secret is not valid JSON');
    }
    const held = (parsed as { actionTextKey?: unknown } | null)?.actionTextKey;
    if (typeof held !== 'string')
      throw new RangeError('The action-text key secret has no actionTextKey string');
    text = held.trim();
  }
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return Buffer.from(text, 'base64');
  if (text.length >= MIN_GENERATED_SECRET) {
    return Buffer.from(hkdfSync('sha256', text, '', 'line-of-sight action texts', ACTION_TEXT_KEY_BYTES));
  }
  throw new RangeError(
    `The action-text key must be ${ACTION_TEXT_KEY_BYTES} bytes in base64 or hex, or a generated secret of ${MIN_GENERATED_SECRET} characters or more`,
  );
}
