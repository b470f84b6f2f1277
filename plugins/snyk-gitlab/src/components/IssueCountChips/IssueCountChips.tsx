import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { IssueCounts } from '@internal/plugin-snyk-gitlab-common';

const SEVERITIES: Array<keyof IssueCounts> = ['critical', 'high', 'medium', 'low'];

const useStyles = makeStyles(theme => ({
  chip: { marginRight: theme.spacing(0.5), marginBottom: theme.spacing(0.5), color: '#fff' },
  critical: { backgroundColor: '#9e1b32' },
  high: { backgroundColor: '#ce5019' },
  medium: { backgroundColor: '#c28a00' },
  low: { backgroundColor: '#6e6e6e' },
}));

/** Issue counts by severity, e.g. "2 critical". */
export function IssueCountChips(props: { counts: IssueCounts }) {
  const classes = useStyles();
  const total = SEVERITIES.reduce((sum, s) => sum + props.counts[s], 0);
  return (
    <Box display="flex" flexWrap="wrap" aria-label={`${total} issues`}>
      {SEVERITIES.map(severity => (
        <Chip
          key={severity}
          size="small"
          className={`${classes.chip} ${classes[severity]}`}
          label={`${props.counts[severity]} ${severity}`}
        />
      ))}
    </Box>
  );
}
