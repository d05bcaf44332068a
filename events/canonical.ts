/**
 * JSON text of decoded JSON values, written with a loop over a stack rather than recursion, so input
 * nested thousands of levels deep (refused by the contract, but still quarantined) cannot overflow the
 * stack the way `JSON.stringify` does.
 */

/** Writes `value` as JSON; `sortKeys` orders each object's keys (by UTF-16 code units). */
function writeJson(value: unknown, sortKeys: boolean): string {
  const out: string[] = [];
  // What is still to write, last first: a value, or text (a bracket, a comma, a key and its colon).
  const work: ({ value: unknown } | string)[] = [{ value }];
  for (let next = work.pop(); next !== undefined; next = work.pop()) {
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    const current = next.value;
    if (Array.isArray(current)) {
      out.push('[');
      work.push(']');
      for (let index = current.length - 1; index >= 0; index--) {
        // As JSON.stringify writes them, a missing item is null.
        work.push({ value: current[index] ?? null });
        if (index > 0) work.push(',');
      }
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current).filter(([, inner]) => inner !== undefined);
      if (sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      out.push('{');
      work.push('}');
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, inner] = entries[index] as [string, unknown];
        work.push({ value: inner }, `${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
      }
    } else {
      out.push(JSON.stringify(current) ?? String(current));
    }
  }
  return out.join('');
}

/** One text per event body, whatever order its keys arrived in: for telling resends from conflicts. */
export const canonicalJson = (value: unknown): string => writeJson(value, true);

/** A decoded JSON value as JSON text, keys in their order: what `JSON.stringify` writes, at any depth. */
export const jsonText = (value: unknown): string => writeJson(value, false);
