import { useRef, useState } from 'react';
import { Alert, AlertTitle, Box, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Button, useNotify, useTranslate } from 'react-admin';
import { downloadFile } from '../../providers/download';
import { getCsrfToken } from '../../providers/httpClient';

interface BadCell { sheet: string; cell: string; message: string }

/**
 * 导出表格 / 导入表格: tables 二–四 as an .xlsx laid out like the template (GET/POST
 * /api/tasks/:id/report/tables.xlsx). An import with any bad cell saves nothing; each bad cell is listed
 * by sheet and cell (表三 D7) so the clerk finds it in Excel. A good import is already saved as the draft.
 */
export const ReportTablesXlsx = ({ taskId, onImported, disabled }: { taskId: string; onImported: (report: unknown) => void; disabled?: boolean }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [bad, setBad] = useState<{ message: string; cells: BadCell[] }>();
  const path = `/api/tasks/${taskId}/report/tables.xlsx`;

  const download = async () => {
    setBusy(true);
    try {
      await downloadFile(path, 'report-tables.xlsx');
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File) => {
    setBusy(true);
    setBad(undefined);
    try {
      const form = new FormData();
      form.append('file', file);
      const res = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: { 'X-CSRF-Token': getCsrfToken() } });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        const error = (body as { error?: { message?: string; details?: unknown } }).error;
        const cells = Array.isArray(error?.details) ? (error.details as BadCell[]) : [];
        setBad({ message: error?.message ?? String(res.status), cells });
        return;
      }
      onImported((body as { report: unknown }).report);
      notify('govflow.report.xlsx_imported', { type: 'success' });
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Box sx={{ mb: 1 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Button label="govflow.report.xlsx_export" onClick={download} disabled={busy} variant="outlined" data-testid="report-xlsx-export"><DownloadIcon /></Button>
        <Button label="govflow.report.xlsx_import" onClick={() => input.current?.click()} disabled={busy || disabled} variant="outlined" data-testid="report-xlsx-import"><UploadFileIcon /></Button>
        <input ref={input} type="file" accept=".xlsx" hidden aria-label="report-xlsx-file" data-testid="report-xlsx-file"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); }} />
        <Typography variant="caption" color="text.secondary">{translate('govflow.report.xlsx_hint')}</Typography>
      </Box>
      {bad && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="report-xlsx-errors" onClose={() => setBad(undefined)}>
          <AlertTitle>{bad.cells.length ? translate('govflow.report.xlsx_bad_title', { count: bad.cells.length }) : bad.message}</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2.5, maxHeight: 240, overflowY: 'auto' }}>
            {bad.cells.map((c) => (
              <li key={`${c.sheet}!${c.cell}`}><Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}><b>{c.sheet} {c.cell}</b>：{c.message}</Typography></li>
            ))}
          </Box>
        </Alert>
      )}
    </Box>
  );
};
