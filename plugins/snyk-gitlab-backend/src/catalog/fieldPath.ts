/**
 * Splits a field path into keys: `spec.owner` → [spec, owner];
 * `metadata.annotations."example.com/owner"` → [metadata, annotations, example.com/owner].
 * Throws a readable message for malformed paths.
 */
export function parseFieldPath(path: string): string[] {
  const keys: string[] = [];
  let i = 0;
  if (!path.trim()) throw new Error('is empty');
  while (i < path.length) {
    let key: string;
    if (path[i] === '"') {
      const end = path.indexOf('"', i + 1);
      if (end < 0) throw new Error(`has an unclosed quote in "${path}"`);
      key = path.slice(i + 1, end);
      i = end + 1;
    } else {
      const end = path.indexOf('.', i);
      key = path.slice(i, end < 0 ? path.length : end);
      if (key.includes('"')) throw new Error(`has a stray quote in "${path}"`);
      i = end < 0 ? path.length : end;
    }
    if (!key) throw new Error(`has an empty key in "${path}"`);
    keys.push(key);
    if (i < path.length) {
      if (path[i] !== '.')
        throw new Error(`needs a dot after a quoted key in "${path}"`);
      i += 1;
      if (i === path.length) throw new Error(`ends with a dot in "${path}"`);
    }
  }
  return keys;
}

/** The value at a parsed path, or undefined. */
export function readPath(value: unknown, keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (
      current === null ||
      typeof current !== 'object' ||
      Array.isArray(current)
    ) {
      return undefined;
    }
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
