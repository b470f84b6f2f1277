import {
  AttributeFields,
  AttributeValues,
  CATALOG_ATTRIBUTES,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { makeValidator } from '@backstage/catalog-model';
import YAML from 'yaml';
import { cleanText } from '../database/clean';
import { parseFieldPath, readPath } from './fieldPath';
import { MAX_ATTRIBUTE_PATHS, checkAttributePath } from './rules';

export const MAX_CATALOG_FILE_BYTES = 256 * 1024;
export const MAX_DOCUMENTS = 50;
const MAX_ALIASES = 50;
const MAX_VALUE_LENGTH = 256;

/** Attributes Backstage requires of a Component; their absence is a problem. */
const REQUIRED = new Set(['category', 'owner', 'lifecycle', 'catalogName']);

/** Kinds of Backstage's own catalog model (apiVersion backstage.io/*). */
const CATALOG_KINDS = new Set([
  'Component',
  'API',
  'Resource',
  'System',
  'Domain',
  'Group',
  'User',
  'Location',
]);

const validators = makeValidator();

export interface ParsedCatalogFile {
  attributes: AttributeValues;
  problems: string[];
  entityRefs: string[];
}

type Doc = Record<string, unknown>;

function isMapping(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A Backstage catalog entity: apiVersion backstage.io/*, one of its kinds. */
function isCatalogEntity(doc: Doc): boolean {
  return (
    typeof doc.apiVersion === 'string' &&
    doc.apiVersion.startsWith('backstage.io/') &&
    typeof doc.kind === 'string' &&
    CATALOG_KINDS.has(doc.kind)
  );
}

/** The entity's ref when kind, namespace and name are valid as in the catalog. */
function entityRef(doc: Doc): string | undefined {
  const metadata = isMapping(doc.metadata) ? doc.metadata : {};
  const { kind } = doc;
  const { name, namespace = 'default' } = metadata;
  if (
    !validators.isValidKind(kind) ||
    !validators.isValidNamespace(namespace) ||
    !validators.isValidEntityName(name)
  ) {
    return undefined;
  }
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

function parseDocuments(text: string, problems: string[]): Doc[] {
  const docs = YAML.parseAllDocuments(text, {
    prettyErrors: false,
    uniqueKeys: false,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > MAX_DOCUMENTS) {
    problems.push(
      `the file has ${list.length} documents; only the first ${MAX_DOCUMENTS} are read`,
    );
  }
  const entities: Doc[] = [];
  list.slice(0, MAX_DOCUMENTS).forEach((doc, index) => {
    const where = `document ${index + 1}`;
    if (doc.errors.length > 0) {
      const [error] = doc.errors;
      const line = error.linePos?.[0]?.line;
      problems.push(
        `${where}: invalid YAML${line ? ` at line ${line}` : ''}: ${
          error.message.split('\n')[0]
        }`,
      );
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message.split('\n')[0]}`);
      return;
    }
    if (value === null || value === undefined) return;
    if (!isMapping(value)) {
      problems.push(`${where} is not a mapping`);
      return;
    }
    entities.push(value);
  });
  return entities;
}

function readAttribute(
  doc: Doc,
  paths: string[],
): { value?: string; problem?: string } {
  // As Snyk: the field, then one alternate; settings saved before that rule
  // may list more, which are not read.
  for (const path of paths.slice(0, MAX_ATTRIBUTE_PATHS)) {
    if (checkAttributePath(path)) continue;
    const value = readPath(doc, parseFieldPath(path));
    if (value === undefined || value === null || value === '') continue;
    if (['string', 'number', 'boolean'].includes(typeof value)) {
      return { value: cleanText(String(value), MAX_VALUE_LENGTH) };
    }
    return { problem: `${path} is not a text value` };
  }
  return {};
}

/**
 * Reads the selected attributes from a catalog file, as Snyk does: safely
 * (bounded size, documents and aliases) and recording each problem found.
 */
export function parseCatalogFile(
  text: string,
  fields: AttributeFields,
): ParsedCatalogFile {
  const problems: string[] = [];
  const attributes: AttributeValues = {};
  if (Buffer.byteLength(text, 'utf8') > MAX_CATALOG_FILE_BYTES) {
    return {
      attributes,
      problems: [
        `the file is larger than ${
          MAX_CATALOG_FILE_BYTES / 1024
        } KiB and was not read`,
      ],
      entityRefs: [],
    };
  }
  let docs: Doc[];
  try {
    docs = parseDocuments(text, problems);
  } catch (error) {
    return {
      attributes,
      problems: [`invalid YAML: ${(error as Error).message.split('\n')[0]}`],
      entityRefs: [],
    };
  }
  // Only Backstage catalog entities are read; any other document is skipped
  // unread, so a catalog filename can never turn into a reader of other YAML.
  const entities = docs.filter((doc, index) => {
    if (isCatalogEntity(doc)) return true;
    problems.push(
      `document ${
        index + 1
      } is not a Backstage catalog entity (apiVersion backstage.io/*) and was not read`,
    );
    return false;
  });
  const entityRefs: string[] = [];
  entities.forEach(doc => {
    const ref = entityRef(doc);
    if (ref) entityRefs.push(ref);
    else {
      problems.push(
        `a ${doc.kind} entity has an invalid metadata.name or metadata.namespace`,
      );
    }
  });
  const component = entities.find(d => d.kind === 'Component');
  const entity = component ?? entities[0];
  if (!entity) {
    problems.push(
      'no Backstage catalog entity found (apiVersion backstage.io/*, a catalog kind and metadata)',
    );
    return { attributes, problems, entityRefs };
  }
  if (!component) {
    problems.push(
      `no kind: Component document; attributes are read from kind: ${entity.kind}`,
    );
  }
  for (const attribute of CATALOG_ATTRIBUTES) {
    const paths = fields[attribute];
    if (!paths?.length) continue;
    const { value, problem } = readAttribute(entity, paths);
    if (value !== undefined) attributes[attribute] = value;
    else if (problem) problems.push(`${attribute}: ${problem}`);
    else if (REQUIRED.has(attribute)) {
      problems.push(`${attribute}: missing ${paths.join(' or ')}`);
    }
  }
  return { attributes, problems, entityRefs };
}
