import { defaultAttributeFields } from '../config';
import { parseCatalogFile } from './parseCatalogFile';

/** A small seeded PRNG, so a failure can be replayed. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: api
  title: API
  annotations:
    example.com/owner: team-x
spec:
  type: service
  owner: team-a
  lifecycle: production
  system: shop
`;

const NASTY = [
  '&a',
  '*a',
  '!!binary',
  '!!js/function',
  '|',
  '>',
  '- ',
  ': ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '\t',
  '\0',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '<<: *a\n',
  '\uFEFF',
  '\\u0000',
];

function mutate(rand: () => number, text: string): string {
  let out = text;
  const edits = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const kind = rand();
    if (kind < 0.3)
      out = out.slice(0, at) + out.slice(at + Math.floor(rand() * 20));
    else if (kind < 0.7)
      out =
        out.slice(0, at) +
        NASTY[Math.floor(rand() * NASTY.length)] +
        out.slice(at);
    else if (kind < 0.85)
      out =
        out.slice(0, at) +
        String.fromCharCode(Math.floor(rand() * 0xffff)) +
        out.slice(at);
    else out = out.slice(0, at);
  }
  return out;
}

const GENERATED: Array<[string, (rand: () => number) => string, number?]> = [
  ['mutated component', rand => mutate(rand, VALID)],
  [
    'deep nesting',
    rand => `${'['.repeat(1000 + Math.floor(rand() * 5000))}x`,
    20,
  ],
  [
    'deep mapping',
    rand =>
      Array.from(
        { length: 200 + Math.floor(rand() * 300) },
        (_, i) => `${' '.repeat(i)}k${i}:`,
      ).join('\n'),
  ],
  [
    'alias chain',
    rand => {
      const n = 5 + Math.floor(rand() * 10);
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < n; i++)
        lines.push(
          `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      return `${lines.join('\n')}\nkind: Component\n`;
    },
  ],
  [
    'many documents',
    rand =>
      Array.from(
        { length: 10 + Math.floor(rand() * 200) },
        (_, i) =>
          `kind: ${
            rand() < 0.5 ? 'Component' : 'API'
          }\nmetadata:\n  name: n${i}`,
      ).join('\n---\n'),
  ],
  [
    'wrong types',
    rand => {
      const values = [
        '42',
        'true',
        'null',
        '[a, b]',
        '{x: 1}',
        '~',
        '"x"',
        '2026-01-01',
        '0x1F',
        '.inf',
      ];
      const pick = () => values[Math.floor(rand() * values.length)];
      return `kind: ${pick()}\nmetadata: ${
        rand() < 0.3 ? pick() : `\n  name: ${pick()}\n  title: ${pick()}`
      }\nspec:\n  type: ${pick()}\n  owner: ${pick()}\n`;
    },
  ],
  [
    'random bytes',
    rand =>
      Array.from({ length: Math.floor(rand() * 2000) }, () =>
        String.fromCharCode(Math.floor(rand() * 256)),
      ).join(''),
  ],
  [
    'huge',
    rand =>
      `${VALID}${'# padding\n'.repeat(26_000 + Math.floor(rand() * 1000))}`,
    10,
  ],
];

describe('parseCatalogFile under fuzzed input', () => {
  const fields = {
    ...defaultAttributeFields(),
    owner: ['spec.owner', 'metadata.annotations."example.com/owner"'],
  };

  it.each(GENERATED)(
    'never throws on %s and records problems',
    (name, generate, cases = 150) => {
      const rand = mulberry32(name.length * 7919);
      for (let i = 0; i < cases; i++) {
        const text = generate(rand);
        let result;
        try {
          result = parseCatalogFile(text, fields);
        } catch (error) {
          throw new Error(
            `case ${i} threw ${(error as Error).message} on ${JSON.stringify(
              text.slice(0, 200),
            )}`,
          );
        }
        expect(Array.isArray(result.problems)).toBe(true);
        for (const problem of result.problems)
          expect(typeof problem).toBe('string');
        for (const value of Object.values(result.attributes)) {
          expect(typeof value).toBe('string');
          expect(value!.length).toBeLessThanOrEqual(256);
        }
        for (const ref of result.entityRefs)
          expect(ref).toMatch(/^[^:]+:[^/]+\/.+$/);
      }
    },
  );
});
