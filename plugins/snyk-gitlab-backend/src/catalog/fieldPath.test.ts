import { parseFieldPath, readPath } from './fieldPath';

describe('parseFieldPath', () => {
  it.each([
    ['spec.owner', ['spec', 'owner']],
    ['metadata.name', ['metadata', 'name']],
    ['"example.com".owner', ['example.com', 'owner']],
    [
      'metadata.annotations."example.com/owner"',
      ['metadata', 'annotations', 'example.com/owner'],
    ],
    ['owner', ['owner']],
  ])('splits %s', (path, keys) => {
    expect(parseFieldPath(path)).toEqual(keys);
  });

  it.each([
    ['', 'is empty'],
    ['spec.', 'ends with a dot'],
    ['spec..owner', 'has an empty key'],
    ['"example.com.owner', 'unclosed quote'],
    ['"example.com"owner', 'needs a dot after a quoted key'],
    ['spec.ow"ner', 'stray quote'],
    ['""', 'empty key'],
  ])('rejects %j', (path, message) => {
    expect(() => parseFieldPath(path)).toThrow(message);
  });
});

describe('readPath', () => {
  const doc = {
    spec: { owner: 'a', list: [1] },
    'example.com': { owner: 'b' },
  };
  it('reads nested keys, including dotted ones', () => {
    expect(readPath(doc, ['spec', 'owner'])).toBe('a');
    expect(readPath(doc, ['example.com', 'owner'])).toBe('b');
  });
  it('does not walk into arrays, scalars or inherited keys', () => {
    expect(readPath(doc, ['spec', 'list', '0'])).toBeUndefined();
    expect(readPath(doc, ['spec', 'owner', 'length'])).toBeUndefined();
    expect(readPath(doc, ['constructor'])).toBeUndefined();
  });
});
