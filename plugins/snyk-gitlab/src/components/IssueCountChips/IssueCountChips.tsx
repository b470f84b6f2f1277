import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { IssueCounts } from '@internal/plugin-snyk-gitlab-common';

const SEVERITIES: Array<keyof IssueCounts> = [
  'critical',
  'high',
  'medium',
  'low',
];

const useStyles = makeStyles(theme => ({
  chip: { marginRight: theme.spacing(0.5), marginBottom: theme.spacing(0.5) },
  none: {},
  critical: { backgroundColor: '#9e1b32', color: '#fff' },
  high: { backgroundColor: '#ce5019', color: '#fff' },
  medium: { backgroundColor: '#a87800', color: '#fff' },
  low: { backgroundColor: '#6e6e6e', color: '#fff' },
}));

/** Issue counts by severity, e.g. "2 critical"; zero counts are outlined. */
export function IssueCountChips(props: { counts: IssueCounts }) {
  const classes = useStyles();
  const total = SEVERITIES.reduce((sum, s) => sum + props.counts[s], 0);
  return (
    <Box display="flex" flexWrap="wrap" aria-label={`${total} issues`}>
      {SEVERITIES.map(severity => (
        <Chip
          key={severity}
          size="small"
          variant={props.counts[severity] ? 'default' : 'outlined'}
          className={`${classes.chip} ${
            props.counts[severity] ? classes[severity] : classes.none
          }`}
          label={`${props.counts[severity]} ${severity}`}
        />
      ))}
    </Box>
  );
}
