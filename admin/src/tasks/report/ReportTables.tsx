import { memo, type ReactNode } from 'react';
import { Box, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { columnSpec, T3_GROUPS, T3_RECONCILIATION_NOTE, T3_RESULTS_HEADING, TABLES, type TableKey } from './templateView';
import { cellKey, type ReportForm } from './reportModel';

export interface CellState { errors: Map<string, string[]>; warnings: Map<string, string[]> }
interface TableProps { form: ReportForm; editable: boolean; state: CellState; onCell?: (table: TableKey, row: string, column: string, value: string) => void }

const border = { border: 1, borderColor: 'divider' };
const head = { ...border, fontWeight: 600, bgcolor: 'action.hover', textAlign: 'center' as const, px: 1, py: 0.5, lineHeight: 1.3 };
const label = { ...border, px: 1, py: 0.5, lineHeight: 1.4 };

/**
 * One number cell. Counts take digits only, 万元 amounts digits and one point (R7): anything else never
 * reaches the report. A failing cell is red (R1–R5, R7) or amber (R6) and names its problems on hover.
 */
const NumberCell = memo(({ table, row, column, value, editable, errors, warnings, ariaLabel, onCell, colSpan }: {
  table: TableKey; row: string; column: string; value: string; editable: boolean; errors?: string[]; warnings?: string[]; ariaLabel: string;
  onCell?: TableProps['onCell']; colSpan?: number;
}) => {
  const amount = columnSpec(table, column)?.kind === 'amount';
  const tone = errors ? 'error.main' : warnings ? 'warning.main' : undefined;
  const title = [...(errors ?? []), ...(warnings ?? [])].join('\n');
  const input = editable ? (
    <Box component="input" value={value} aria-label={ariaLabel} aria-invalid={errors ? 'true' : undefined} data-cell={cellKey(table, row, column)} inputMode={amount ? 'decimal' : 'numeric'}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
        const v = amount ? e.target.value.replace(/[^\d.]/g, '').replace(/^(\d*\.\d*).*$/, '$1') : e.target.value.replace(/\D/g, '');
        onCell?.(table, row, column, v.slice(0, 12));
      }}
      sx={{ width: '100%', minWidth: 52, boxSizing: 'border-box', border: 0, outline: 0, textAlign: 'right', font: 'inherit', px: 0.5, py: 0.75, bgcolor: 'transparent', color: 'inherit' }} />
  ) : (
    <Typography variant="body2" sx={{ textAlign: 'right', px: 0.5, py: 0.75 }} aria-label={ariaLabel} data-cell={cellKey(table, row, column)}>{value === '' ? '—' : value}</Typography>
  );
  return (
    <TableCell colSpan={colSpan} sx={{ ...border, p: 0, outline: tone ? 2 : 0, outlineColor: tone, outlineOffset: -2, bgcolor: errors ? 'rgba(211,47,47,0.06)' : warnings ? 'rgba(237,108,2,0.06)' : undefined }}
      data-state={errors ? 'error' : warnings ? 'warning' : 'ok'}>
      {/* Always wrapped (an empty title shows nothing): re-wrapping on the first error would remount the input
          under the clerk's cursor. describeChild keeps the cell's own label; the problems describe it. */}
      <Tooltip describeChild title={title ? <span style={{ whiteSpace: 'pre-line' }}>{title}</span> : ''}>{input}</Tooltip>
    </TableCell>
  );
});

function cell(p: TableProps, table: TableKey, row: string, column: string, ariaLabel: string, colSpan?: number): ReactNode {
  const k = cellKey(table, row, column);
  return <NumberCell key={k} table={table} row={row} column={column} value={p.form.tables[table][row][column]} editable={p.editable}
    errors={p.state.errors.get(k)} warnings={p.state.warnings.get(k)} ariaLabel={ariaLabel} onCell={p.onCell} colSpan={colSpan} />;
}

const Frame = ({ children, testId, minWidth }: { children: ReactNode; testId: string; minWidth: number }) => (
  <TableContainer sx={{ overflowX: 'auto', maxWidth: '100%', my: 1 }} data-testid={testId}>
    <Table size="small" sx={{ borderCollapse: 'collapse', minWidth, tableLayout: 'fixed' }}>{children}</Table>
  </TableContainer>
);

/** 表二 as the template prints it: one block per item of 条例 第二十条, each with its own header row. */
export const Table2 = (p: TableProps) => {
  const spec = TABLES.T2;
  const blocks = [...new Set(spec.rows.map((r) => r.group!))];
  return (
    <Frame testId="report-table-T2" minWidth={640}>
      <colgroup><col style={{ width: '34%' }} /><col /><col /><col /></colgroup>
      <TableBody>
        {blocks.map((block) => {
          const rows = spec.rows.filter((r) => r.group === block);
          const cols = rows[0].columns;
          return [
            <TableRow key={`${block}-title`}><TableCell colSpan={4} sx={{ ...head, textAlign: 'left' }}>{block}</TableCell></TableRow>,
            <TableRow key={`${block}-head`}>
              <TableCell sx={head}>信息内容</TableCell>
              {cols.map((c) => <TableCell key={c} sx={head} colSpan={cols.length === 1 ? 3 : 1}>{columnSpec('T2', c)!.label}</TableCell>)}
            </TableRow>,
            ...rows.map((r) => (
              <TableRow key={r.key}>
                <TableCell sx={label}>{r.label}</TableCell>
                {cols.length === 1
                  ? cell(p, 'T2', r.key, cols[0], `表二 ${r.fullLabel} ${columnSpec('T2', cols[0])!.label}`, 3)
                  : cols.map((c) => cell(p, 'T2', r.key, c, `表二 ${r.fullLabel} ${columnSpec('T2', c)!.label}`))}
              </TableRow>
            )),
          ];
        })}
      </TableBody>
    </Frame>
  );
};

/**
 * 表三: rows 一 to 四 down the left with 三、本年度办理结果 and its groups （三）–（六） spanning their items, as
 * printed; columns 自然人, 法人或其他组织 (five kinds), 总计 under 申请人情况.
 */
export const Table3 = (p: TableProps) => {
  const spec = TABLES.T3;
  const resultRows = spec.rows.filter((r) => r.group);
  const groups = Object.values(T3_GROUPS) as string[];
  const cols = spec.columns;
  return (
    <Frame testId="report-table-T3" minWidth={1000}>
      <colgroup><col style={{ width: 86 }} /><col style={{ width: 96 }} /><col style={{ width: 250 }} />{cols.map((c) => <col key={c.key} style={{ width: 76 }} />)}</colgroup>
      <TableHead>
        <TableRow>
          <TableCell sx={{ ...head, fontWeight: 400, fontSize: 12 }} colSpan={3} rowSpan={3}>{T3_RECONCILIATION_NOTE}</TableCell>
          <TableCell sx={head} colSpan={7}>申请人情况</TableCell>
        </TableRow>
        <TableRow>
          <TableCell sx={head} rowSpan={2}>自然人</TableCell>
          <TableCell sx={head} colSpan={5}>法人或其他组织</TableCell>
          <TableCell sx={head} rowSpan={2}>总计</TableCell>
        </TableRow>
        <TableRow>{cols.filter((c) => c.group).map((c) => <TableCell key={c.key} sx={head}>{c.label}</TableCell>)}</TableRow>
      </TableHead>
      <TableBody>
        {spec.rows.map((r) => {
          const inResults = r.group !== undefined;
          const firstOfResults = inResults && resultRows[0].key === r.key;
          const inGroup = r.group !== undefined && groups.includes(r.group);
          const groupRows = inGroup ? spec.rows.filter((x) => x.group === r.group) : [];
          const firstOfGroup = inGroup && groupRows[0].key === r.key;
          return (
            <TableRow key={r.key}>
              {firstOfResults && <TableCell sx={{ ...label, verticalAlign: 'middle' }} rowSpan={resultRows.length}>{T3_RESULTS_HEADING}</TableCell>}
              {firstOfGroup && <TableCell sx={{ ...label, verticalAlign: 'middle' }} rowSpan={groupRows.length}>{r.group}</TableCell>}
              <TableCell sx={label} colSpan={!inResults ? 3 : inGroup ? 1 : 2}>{r.label}</TableCell>
              {cols.map((c) => cell(p, 'T3', r.key, c.key, `表三 ${r.fullLabel} ${c.displayLabel}`))}
            </TableRow>
          );
        })}
      </TableBody>
    </Frame>
  );
};

/** 表四: one printed row of fifteen cells under 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉). */
export const Table4 = (p: TableProps) => {
  const spec = TABLES.T4;
  const cols = spec.columns;
  return (
    <Frame testId="report-table-T4" minWidth={1020}>
      <TableHead>
        <TableRow>
          <TableCell sx={head} colSpan={5} rowSpan={2}>行政复议</TableCell>
          <TableCell sx={head} colSpan={10}>行政诉讼</TableCell>
        </TableRow>
        <TableRow>
          {spec.rows.filter((r) => r.group).map((r) => <TableCell key={r.key} sx={head} colSpan={5}>{r.label}</TableCell>)}
        </TableRow>
        <TableRow>{spec.rows.flatMap((r) => cols.map((c) => <TableCell key={`${r.key}.${c.key}`} sx={{ ...head, fontSize: 12 }}>{c.label}</TableCell>))}</TableRow>
      </TableHead>
      <TableBody>
        <TableRow>{spec.rows.flatMap((r) => cols.map((c) => cell(p, 'T4', r.key, c.key, `表四 ${r.fullLabel} ${c.label}`)))}</TableRow>
      </TableBody>
    </Frame>
  );
};
