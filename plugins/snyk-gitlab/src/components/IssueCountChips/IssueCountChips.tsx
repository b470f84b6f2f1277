import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { IssueCounts } from '@snyk-gitlab/plugin-snyk-gitlab-common';

const SEVERITIES: Array<keyof IssueCounts> = [
  'critical',
  'high',
  'medium',
  'low',
];

/** Chip colours per severity; each pair has a contrast of at least 4.5:1. */
export const SEVERITY_COLOURS: Record<
  keyof IssueCounts,
  { text: string; background: string }
> = {
  critical: { text: '#ffffff', background: '#9e1b32' },
  high: { text: '#ffffff', background: '#b4430f' },
  medium: { text: '#212121', background: '#f2b600' },
  low: { text: '#ffffff', background: '#6e6e6e' },
};

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  chip: { marginRight: theme.spacing(0.5), marginBottom: theme.spacing(0.5) },
}));

/** Issue counts by severity, e.g. "2 critical", as a list; zero counts are outlined. */
export function IssueCountChips(props: { counts: IssueCounts }) {
  const classes = useStyles();
  const total = SEVERITIES.reduce((sum, s) => sum + props.counts[s], 0);
  return (
    // role="list" keeps the list for Safari, which drops it without bullets.
    <Box
      component="ul"
      role="list"
      aria-label={`${total} issues`}
      display="flex"
      flexWrap="wrap"
      className={classes.list}
    >
      {SEVERITIES.map(severity => (
        <Chip
          key={severity}
          component="li"
          size="small"
          variant={props.counts[severity] ? 'default' : 'outlined'}
          className={classes.chip}
          style={
            props.counts[severity]
              ? {
                  backgroundColor: SEVERITY_COLOURS[severity].background,
                  color: SEVERITY_COLOURS[severity].text,
                }
              : undefined
          }
          label={`${props.counts[severity]} ${severity}`}
        />
      ))}
    </Box>
  );
}
