import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** A small read-only table with a name, column headers and an empty text. */
export function DataTable(props: {
  label: string;
  headers: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
  empty: ReactNode;
}) {
  if (!props.rows.length) {
    return <Typography variant="body2">{props.empty}</Typography>;
  }
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.headers.map(header => (
            <TableCell key={header}>{header}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow key={row.key}>
            {row.cells.map((cell, i) => (
              <TableCell key={props.headers[i]}>{cell ?? '—'}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
