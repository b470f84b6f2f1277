import { parseFieldPath } from './fieldPath';

/** Snyk reads a field and one alternate field name per attribute. */
export const MAX_ATTRIBUTE_PATHS = 2;

/** Attributes are read only from these top-level keys of a catalog entity. */
export const ATTRIBUTE_ROOTS = ['metadata', 'spec'];

const FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/**
 * Why a catalog filename is refused, or undefined. Snyk reads the catalog
 * file at the repository root, so it is a plain file name, never a path.
 */
export function checkCatalogFilename(value: string): string | undefined {
  if (value.includes('/') || value.includes('\\')) {
    return 'must be a file name at the repository root, without folders';
  }
  if (!FILENAME.test(value)) {
    return 'must be a file name of letters, digits, ".", "_" or "-"';
  }
  if (!/\.ya?ml$/i.test(value)) return 'must be a .yaml or .yml file';
  return undefined;
}

/** Why an attribute's field path is refused, or undefined. */
export function checkAttributePath(value: string): string | undefined {
  let keys: string[];
  try {
    keys = parseFieldPath(value);
  } catch (error) {
    return `field path ${(error as Error).message}`;
  }
  if (keys.length < 2 || !ATTRIBUTE_ROOTS.includes(keys[0])) {
    return `field path "${value}" must be under metadata. or spec.`;
  }
  return undefined;
}
