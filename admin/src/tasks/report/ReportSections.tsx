import { memo } from 'react';
import { Box, TextField as MuiTextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { SECTIONS, type TableKey } from './templateView';
import type { ReportForm } from './reportModel';
import { Table2, Table3, Table4, type CellState } from './ReportTables';

const TABLE_OF = { T2: Table2, T3: Table3, T4: Table4 } as const;

interface Props {
  form: ReportForm; editable: boolean; state: CellState; sectionErrors?: Map<string, string>;
  onCell?: (table: TableKey, row: string, column: string, value: string) => void;
  onSection?: (key: string, value: string) => void;
}

/** The six parts of the report in the template's order: 一、五、六 are text, 二、三、四 hold 表二–表四. */
export const ReportSections = memo(({ form, editable, state, sectionErrors, onCell, onSection }: Props) => {
  const translate = useTranslate();
  return (
    <Box>
      {SECTIONS.map((s) => {
        const TableView = s.table ? TABLE_OF[s.table] : undefined;
        const text = form.sections[s.key];
        return (
          <Box key={s.key} component="section" sx={{ mb: 3 }} data-section={s.key}>
            <Typography variant="h6" component="h3" sx={{ fontSize: 17, mb: 1 }}>{s.title}</Typography>
            {editable ? (
              <MuiTextField value={text} onChange={(e) => onSection?.(s.key, e.target.value)} fullWidth multiline minRows={s.requiresText ? 3 : 1}
                label={translate(s.requiresText ? 'govflow.report.section_text' : 'govflow.report.section_note')} required={s.requiresText}
                error={!!sectionErrors?.get(s.key)} helperText={sectionErrors?.get(s.key)} slotProps={{ htmlInput: { 'aria-label': s.title, maxLength: 20000 } }} />
            ) : text ? (
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text}</Typography>
            ) : null}
            {TableView && <TableView form={form} editable={editable} state={state} onCell={onCell} />}
          </Box>
        );
      })}
    </Box>
  );
});
