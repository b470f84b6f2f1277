import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  GroupIntegration,
  GroupIntegrationInput,
} from '@internal/plugin-snyk-gitlab-common';
import { ReactNode, useState } from 'react';
import { StatusLabel } from '../StatusLabel';
import { Facts, when } from './Facts';
import { GroupIntegrationForm } from './GroupIntegrationForm';
import { Step } from './Step';

/** Step 2: the group-level (Snyk Essentials) integration and its sync. */
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
        Saved, it is partially connected; after the next synchronization it is
        connected and the inventory holds the GitLab repositories.
      </Typography>
      {group && (
        <Facts
          label="Group-level integration"
          rows={[
            ['Profile name', group.profileName],
            ['GitLab host', group.host],
            ['Reason', group.statusReason],
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
