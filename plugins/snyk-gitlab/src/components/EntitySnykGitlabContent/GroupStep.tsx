import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  GroupIntegration,
  GroupIntegrationInput,
  GroupStatusSource,
  IntegrationStatus,
  SnykInventoryState,
  entityGitlabHost,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { ReactNode, useState } from 'react';
import { StatusLabel } from '../StatusLabel';
import { Facts, when } from './Facts';
import { GroupIntegrationForm } from './GroupIntegrationForm';
import { snykInventoryUnavailable } from './SnykInventoryView';
import { Step } from './Step';

/** The portal's own sync, in words other than Snyk's status words. */
const PORTAL_SYNC_TEXT: Record<IntegrationStatus, string> = {
  connected: "Done: the portal's preview is current",
  partially_connected: 'Not run since the settings were saved',
  failed: 'Failed',
  not_configured: 'Not set up',
};

const STATUS_SOURCE_TEXT: Record<GroupStatusSource, string> = {
  snyk_inventory: "Snyk's inventory",
  portal_sync: "The portal's own sync (Snyk's inventory not available)",
};

function snykInventoryText(inventory?: SnykInventoryState) {
  const unavailable = snykInventoryUnavailable(inventory);
  if (unavailable || !inventory) return unavailable;
  const count =
    inventory.repositoryCount === undefined
      ? 'Read'
      : `${inventory.repositoryCount} ${
          inventory.repositoryCount === 1 ? 'repository' : 'repositories'
        } from ${inventory.host}`;
  return inventory.availability === 'failed'
    ? `${count} at the last good read; the latest read failed (${
        inventory.reason ?? 'unknown error'
      })`
    : count;
}

/**
 * Step 2: the group-level (Snyk Essentials) profile of the component's GitLab
 * host (`group`, from the entity status) and its sync; the form saves that
 * host's profile (when no profile covers it, the host read from the
 * component's location, else the one chosen).
 */
export function GroupStep(props: {
  group?: GroupIntegration;
  hosts: string[];
  canManage: boolean;
  denied: ReactNode;
  busy?: string;
  onSave: (input: GroupIntegrationInput) => void;
  onSync: () => void;
}) {
  const { group } = props;
  const { entity } = useEntity();
  const host =
    group?.host ?? entityGitlabHost(entity.metadata.annotations, props.hosts);
  const [editing, setEditing] = useState(false);
  const showForm = props.canManage && (!group || editing);
  return (
    <Step
      number={2}
      title="Group-level integration (Snyk Essentials)"
      status={<StatusLabel status={group?.status ?? 'not_configured'} />}
      actions={
        props.canManage && group ? (
          <>
            <Button
              variant="outlined"
              color="primary"
              onClick={props.onSync}
              disabled={Boolean(props.busy)}
            >
              {props.busy === 'sync' ? 'Synchronizing…' : 'Run sync now'}
            </Button>
            {!editing && (
              <Button
                variant="text"
                color="primary"
                onClick={() => setEditing(true)}
              >
                Edit settings
              </Button>
            )}
          </>
        ) : undefined
      }
    >
      <Typography variant="body2" paragraph>
        Saved, it is partially connected until Snyk's inventory shows
        repositories from the GitLab host. The status is Snyk's, read from
        Snyk's inventory at each sync; when Snyk's inventory cannot be read, the
        portal's own sync of GitLab decides it.
      </Typography>
      {host && (
        <Typography variant="body2" paragraph>
          Each GitLab host has its own profile; this component lives on{' '}
          <strong>{host}</strong>
          {group ? '.' : ', which has no profile yet.'}
        </Typography>
      )}
      {group && (
        <Facts
          label="Group-level integration"
          rows={[
            ['Profile name', group.profileName],
            ['GitLab host', group.host],
            ['Reason', group.statusReason],
            [
              'Status from',
              group.statusSource && STATUS_SOURCE_TEXT[group.statusSource],
            ],
            ["Snyk's inventory", snykInventoryText(group.snykInventory)],
            [
              "Portal's own sync",
              group.portalSyncStatus &&
                PORTAL_SYNC_TEXT[group.portalSyncStatus],
            ],
            [
              'Backstage catalog',
              group.catalog.enabled
                ? `Read from ${group.catalog.filename}`
                : 'Not added',
            ],
            ['Last sync', when(group.lastSyncAt)],
            ['Last good sync', when(group.lastGoodSyncAt)],
            ['Next sync', when(group.nextSyncAt)],
          ]}
        />
      )}
      {showForm && (
        <div style={{ marginTop: 16 }}>
          <GroupIntegrationForm
            hosts={props.hosts}
            host={host}
            current={group}
            busy={Boolean(props.busy)}
            onSave={input => {
              setEditing(false);
              props.onSave(input);
            }}
          />
        </div>
      )}
      {!props.canManage && props.denied}
    </Step>
  );
}
