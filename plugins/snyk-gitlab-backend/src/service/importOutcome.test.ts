import { importOutcome } from './SnykOrgService';

const made = (n: number, ok = true) =>
  Array.from({ length: n }, (_, i) => ({ projectId: `p${i}`, success: ok }));

describe('importOutcome', () => {
  it('calls a job imported only when Snyk made a project', () => {
    expect(
      importOutcome({ id: 'j', status: 'complete', projects: made(2) }),
    ).toEqual({ status: 'complete', error: undefined });
    expect(
      importOutcome({ id: 'j', status: 'complete', projects: [] }),
    ).toEqual({
      status: 'failed',
      error:
        'Snyk finished the import without creating a project: nothing it can scan was found',
    });
    expect(
      importOutcome({ id: 'j', status: 'complete', projects: made(3, false) }),
    ).toEqual({
      status: 'failed',
      error: 'Snyk finished the import, but all 3 projects failed',
    });
  });

  it('says how many projects failed in a partly failed import', () => {
    expect(
      importOutcome({
        id: 'j',
        status: 'complete',
        projects: [...made(1), ...made(2, false)],
      }),
    ).toEqual({
      status: 'complete',
      error: '2 of 3 projects failed to import',
    });
  });

  it('treats failed and aborted jobs alike', () => {
    for (const status of ['failed', 'aborted'] as const) {
      expect(importOutcome({ id: 'j', status, projects: [] })).toEqual({
        status: 'failed',
        error: `Snyk reported the import as ${status}`,
      });
    }
  });
});
