import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  step: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  number: {
    width: 28,
    height: 28,
    borderRadius: '50%',
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    marginRight: theme.spacing(1.5),
    backgroundColor: theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
    fontWeight: 600,
  },
}));

/** One item of the guide's checklist: number, title, status, details and actions. */
export function Step(props: {
  number: number;
  title: string;
  status: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const classes = useStyles();
  const headingId = `snyk-step-${props.number}`;
  return (
    <Paper
      variant="outlined"
      className={classes.step}
      component="section"
      aria-labelledby={headingId}
    >
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <span className={classes.number} aria-hidden>
          {props.number}
        </span>
        <Typography
          variant="h6"
          component="h2"
          id={headingId}
          style={{ marginRight: 16 }}
        >
          {props.title}
        </Typography>
        {props.status}
      </Box>
      {props.children && <Box mt={1.5}>{props.children}</Box>}
      {props.actions && (
        <Box mt={1.5} display="flex" alignItems="center" style={{ gap: 8 }}>
          {props.actions}
        </Box>
      )}
    </Paper>
  );
}
