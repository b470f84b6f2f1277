import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isGitlabSourced } from '../isGitlabSourced';

/**
 * Where the "Integrate with Snyk" tab lives under an entity page. Not `snyk`:
 * the community Snyk plugin's tab uses that path.
 */
export const ENTITY_TAB_PATH = 'snyk-gitlab';

/** The status card on the overview of a GitLab-sourced entity, beside About. */
export const entitySnykGitlabCard = EntityCardBlueprint.make({
  params: {
    type: 'info',
    filter: isGitlabSourced,
    loader: () =>
      import('../components/EntitySnykGitlabCard').then(m => (
        <m.EntitySnykGitlabCard tabPath={ENTITY_TAB_PATH} />
      )),
  },
});

/** The "Integrate with Snyk" tab of a GitLab-sourced entity. */
export const entitySnykGitlabContent = EntityContentBlueprint.make({
  params: {
    path: ENTITY_TAB_PATH,
    title: 'Integrate with Snyk',
    filter: isGitlabSourced,
    loader: () =>
      import('../components/EntitySnykGitlabContent').then(m => (
        <m.EntitySnykGitlabContent />
      )),
  },
});
