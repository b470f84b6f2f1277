import { isGitlabSourced } from './isGitlabSourced';

const entity = (annotations?: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('isGitlabSourced', () => {
  it('is true with a GitLab project slug or id', () => {
    expect(isGitlabSourced(entity({ 'gitlab.com/project-slug': 'a/b' }))).toBe(
      true,
    );
    expect(isGitlabSourced(entity({ 'gitlab.com/project-id': '12' }))).toBe(
      true,
    );
  });
  it('is false otherwise', () => {
    expect(isGitlabSourced(entity())).toBe(false);
    expect(isGitlabSourced(entity({ 'github.com/project-slug': 'a/b' }))).toBe(
      false,
    );
    expect(isGitlabSourced(entity({ 'gitlab.com/project-slug': '' }))).toBe(
      false,
    );
  });
});
