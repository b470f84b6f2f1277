import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { IssueCountChips, SEVERITY_COLOURS } from './IssueCountChips';

/** WCAG 2 relative luminance of a #rgb or #rrggbb colour. */
function luminance(colour: string) {
  const hex = /^#[0-9a-f]{3}$/i.test(colour)
    ? colour.replace(/[0-9a-f]/gi, d => d + d)
    : colour;
  expect(hex).toMatch(/^#[0-9a-f]{6}$/i);
  const [r, g, b] = [1, 3, 5].map(i => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('IssueCountChips', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21);
    expect(contrast('#777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each(Object.entries(SEVERITY_COLOURS))(
    'has text with at least 4.5:1 contrast on %s',
    (_severity, { text, background }) => {
      expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('is a list named by the total, one item per severity', async () => {
    await renderInTestApp(
      <IssueCountChips counts={{ critical: 1, high: 2, medium: 3, low: 0 }} />,
    );
    const list = screen.getByRole('list', { name: '6 issues' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['1 critical', '2 high', '3 medium', '0 low']);
    // The chips wear the palette checked above.
    expect(within(list).getByText('2 high').parentElement).toHaveStyle({
      color: SEVERITY_COLOURS.high.text,
      backgroundColor: SEVERITY_COLOURS.high.background,
    });
    expect(within(list).getByText('3 medium').parentElement).toHaveStyle({
      color: SEVERITY_COLOURS.medium.text,
      backgroundColor: SEVERITY_COLOURS.medium.background,
    });
  });
});
