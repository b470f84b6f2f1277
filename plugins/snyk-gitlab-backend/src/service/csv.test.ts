import { csvCell, csvLine } from './csv';

describe('CSV cells', () => {
  it('quotes every cell and doubles quotes (RFC 4180)', () => {
    expect(
      csvLine(['a', 'b,c', 'say "hi"', 'two\r\nlines', 3, undefined]),
    ).toBe('"a","b,c","say ""hi""","two\r\nlines","3",""\r\n');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'defuses %j, which a spreadsheet would run as a formula',
    value => {
      expect(csvCell(value)).toBe(`"'${value}"`);
    },
  );

  it('leaves other text alone', () => {
    expect(csvCell('acme/api')).toBe('"acme/api"');
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell(null)).toBe('""');
  });
});
