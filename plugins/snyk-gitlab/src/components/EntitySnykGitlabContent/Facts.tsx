import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { ReactNode } from 'react';

/** A small label/value table. Rows with no value are left out. */
export function Facts(props: {
  label: string;
  rows: Array<[string, ReactNode]>;
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableBody>
        {props.rows
          .filter(
            ([, value]) =>
              value !== undefined && value !== null && value !== '',
          )
          .map(([label, value]) => (
            <TableRow key={label}>
              <TableCell
                component="th"
                scope="row"
                variant="head"
                style={{ width: 220 }}
              >
                {label}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
      </TableBody>
    </Table>
  );
}

export function when(iso?: string) {
  return iso ? new Date(iso).toLocaleString() : undefined;
}
