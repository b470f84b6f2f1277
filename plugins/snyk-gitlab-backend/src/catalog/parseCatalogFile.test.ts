import { defaultAttributeFields } from '../config';
import { MAX_CATALOG_FILE_BYTES, parseCatalogFile } from './parseCatalogFile';

const fields = defaultAttributeFields();

const component = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  title: Checkout
spec:
  type: service
  owner: team-payments
  lifecycle: production
  system: payments
`;

describe('parseCatalogFile', () => {
  it('reads the six attributes Snyk pulls', () => {
    expect(parseCatalogFile(component, fields)).toEqual({
      attributes: {
        category: 'service',
        owner: 'team-payments',
        lifecycle: 'production',
        application: 'payments',
        catalogName: 'checkout',
        title: 'Checkout',
      },
      problems: [],
      entityRefs: ['component:default/checkout'],
    });
  });

  it('reads only the selected attributes', () => {
    const { attributes } = parseCatalogFile(component, {
      owner: ['spec.owner'],
    });
    expect(attributes).toEqual({ owner: 'team-payments' });
  });

  it('tries alternate field names in order, including quoted dotted keys', () => {
    const text = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
  annotations:
    example.com/owner: team-finance
spec:
  type: service
  "example.com":
    lifecycle: beta
`;
    const result = parseCatalogFile(text, {
      owner: ['spec.owner', 'metadata.annotations."example.com/owner"'],
      lifecycle: ['spec.lifecycle', 'spec."example.com".lifecycle'],
    });
    expect(result.attributes).toEqual({
      owner: 'team-finance',
      lifecycle: 'beta',
    });
    expect(result.problems).toEqual([]);
  });

  it('records missing required attributes such as spec.type and spec.owner', () => {
    const text =
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  lifecycle: production\n';
    expect(parseCatalogFile(text, fields).problems).toEqual([
      'category: missing spec.type',
      'owner: missing spec.owner',
    ]);
  });

  it('prefers the Component among several documents and lists every entity', () => {
    const text = `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: the-api\n  namespace: payments\nspec:\n  type: openapi\n---\n${component}`;
    const result = parseCatalogFile(text, fields);
    expect(result.attributes.catalogName).toBe('checkout');
    expect(result.entityRefs).toEqual([
      'api:payments/the-api',
      'component:default/checkout',
    ]);
  });

  it('falls back to another kind and says so', () => {
    const text =
      'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: db\nspec:\n  type: database\n  owner: ops\n';
    const result = parseCatalogFile(text, { category: ['spec.type'] });
    expect(result.attributes).toEqual({ category: 'database' });
    expect(result.problems).toEqual([
      'no kind: Component document; attributes are read from kind: Resource',
    ]);
  });

  it('reports invalid YAML with its line', () => {
    const result = parseCatalogFile(
      'kind: Component\nmetadata:\n  name: [unclosed\n',
      fields,
    );
    expect(result.problems[0]).toMatch(/^document 1: invalid YAML/);
    expect(result.attributes).toEqual({});
  });

  it('refuses an alias bomb', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'kind: Component',
    ].join('\n');
    const result = parseCatalogFile(bomb, fields);
    expect(result.problems.join()).toMatch(/alias/i);
    expect(result.attributes).toEqual({});
  });

  it('does not read a file over the size limit', () => {
    const huge = `${component}\n# ${'x'.repeat(MAX_CATALOG_FILE_BYTES)}`;
    expect(parseCatalogFile(huge, fields)).toEqual({
      attributes: {},
      problems: ['the file is larger than 256 KiB and was not read'],
      entityRefs: [],
    });
  });

  it('reports values of the wrong type and non-mapping documents', () => {
    const text = `- a list\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  type: [a, b]\n  owner: 42\n  lifecycle: true\n`;
    const result = parseCatalogFile(text, fields);
    expect(result.attributes).toMatchObject({ owner: '42', lifecycle: 'true' });
    expect(result.problems).toEqual([
      'document 1 is not a mapping',
      'category: spec.type is not a text value',
    ]);
  });

  it('reads only the first 50 documents', () => {
    const text = Array.from(
      { length: 60 },
      (_, i) =>
        `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: a${i}`,
    ).join('\n---\n');
    const result = parseCatalogFile(text, fields);
    expect(result.entityRefs).toHaveLength(50);
    expect(result.problems[0]).toBe(
      'the file has 60 documents; only the first 50 are read',
    );
  });

  it('handles an empty file', () => {
    expect(parseCatalogFile('', fields).problems).toEqual([
      'no Backstage catalog entity found (apiVersion backstage.io/*, a catalog kind and metadata)',
    ]);
  });

  it('never reads a document that is not a Backstage catalog entity', () => {
    const secret = `apiVersion: v1
kind: Secret
metadata:
  name: db-secret
stringData:
  DB_PASSWORD: hunter2
spec:
  owner: hunter2
`;
    for (const text of [
      secret,
      secret.replace('apiVersion: v1', 'apiVersion: backstage.io/v1alpha1'),
      secret.replace('apiVersion: v1\n', ''),
    ]) {
      const result = parseCatalogFile(text, {
        owner: ['spec.owner'],
        catalogName: ['metadata.name'],
      });
      expect(result.attributes).toEqual({});
      expect(result.entityRefs).toEqual([]);
      expect(JSON.stringify(result)).not.toMatch(/hunter2|secret/i);
    }
  });

  it('reads a field and one alternate, as Snyk does, never a third', () => {
    const text = component.replace('owner: team-payments', 'lead: ada');
    const result = parseCatalogFile(text, {
      owner: ['spec.owner', 'spec.team', 'spec.lead'],
    });
    expect(result.attributes).toEqual({});
  });

  it('reads attributes only under metadata and spec', () => {
    const text = `${component}stringData:\n  password: hunter2\n`;
    const result = parseCatalogFile(text, {
      owner: ['stringData.password', 'spec.owner'],
      title: ['"stringData".password'],
    });
    expect(result.attributes).toEqual({ owner: 'team-payments' });
  });

  it.each([
    ['a name of 600 characters', `name: ${'a'.repeat(600)}`],
    ['a NUL byte in the name', 'name: "a\\u0000b"'],
    ['a namespace with a slash', 'name: ok\n  namespace: a/b'],
  ])('records %s as a problem, with no entity ref', (_, metadata) => {
    const text = `${'apiVersion: backstage.io/v1alpha1\n'}kind: Component\nmetadata:\n  ${metadata}\nspec:\n  type: service\n`;
    const result = parseCatalogFile(text, { category: ['spec.type'] });
    expect(result.entityRefs).toEqual([]);
    expect(result.problems).toContain(
      'a Component entity has an invalid metadata.name or metadata.namespace',
    );
    expect(result.attributes).toEqual({ category: 'service' });
  });

  it('removes control characters from values', () => {
    const text = component.replace(
      'owner: team-payments',
      'owner: "team\\u0000-pay\\u0007ments"',
    );
    expect(parseCatalogFile(text, fields).attributes.owner).toBe(
      'team-payments',
    );
  });
});
