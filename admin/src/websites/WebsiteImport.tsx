import { useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Title, useNotify, useRedirect, useTranslate } from 'react-admin';
import { WEBSITE_COLUMNS } from '@domain/websites';
import { getCsrfToken } from '../providers/httpClient';

/** The column as the file names it (the import's Chinese header), not the field's key. */
const columnOf = (field: string) => WEBSITE_COLUMNS.find(([, f]) => f === field)?.[0] ?? field;

interface Report { total: number; valid: number; errors: Array<{ row: number; field: string; code: string; message: string }> }

/**
 * 导入网站清单: the file is checked first (nothing written) and every bad row is listed with its reason; an
 * import with any error changes nothing, so the administrator fixes the file and imports it whole.
 */
export const WebsiteImport = () => {
  const t = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const format = file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
      const res = await fetch(`/api/websites/import?format=${format}&dryRun=${dryRun}`, { method: 'POST', body: form, credentials: 'same-origin', headers: { 'X-CSRF-Token': getCsrfToken() } });
      const body = await res.json();
      if (!res.ok) {
        setMessage(body?.error?.message ?? String(res.status));
        setReport(body?.error?.details && Array.isArray(body.error.details.errors) ? body.error.details : null);
        return;
      }
      setMessage(null);
      setReport(body);
      if (!dryRun) {
        notify('govflow.website.imported', { type: 'success', messageArgs: { count: body.created } });
        redirect('list', 'websites');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ p: 2 }}>
      <Title title={t('govflow.website.importTitle')} />
      <Card variant="outlined"><CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Typography variant="subtitle1">{t('govflow.website.importTitle')}</Typography>
        <Typography variant="body2" color="text.secondary">{t('govflow.website.importEncodings')}</Typography>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <input aria-label="site-file" type="file" accept=".csv,.xlsx" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setReport(null); setMessage(null); }} />
          <Button variant="outlined" disabled={!file || busy} onClick={() => send(true)}>{t('govflow.website.check')}</Button>
          <Button variant="contained" disabled={!file || busy || !report || report.errors.length > 0} onClick={() => send(false)}>{t('govflow.website.doImport')}</Button>
        </Box>
        {report && report.errors.length === 0 ? <Alert severity="success">{t('govflow.website.reportOk', { total: report.total })}</Alert> : null}
        {message ? <Alert severity="error" data-testid="import-error">{message}</Alert> : null}
        {report && report.errors.length > 0 ? (
          <>
            <Typography>{t('govflow.website.reportBad', { total: report.total, bad: report.total - report.valid })}</Typography>
            <Table size="small" aria-label="import-report">
              <TableHead><TableRow><TableCell>{t('govflow.website.row')}</TableCell><TableCell>{t('govflow.website.field')}</TableCell><TableCell>{t('govflow.website.problem')}</TableCell></TableRow></TableHead>
              <TableBody>
                {report.errors.map((e) => <TableRow key={`${e.row}-${e.field}-${e.code}`}><TableCell>{e.row}</TableCell><TableCell>{columnOf(e.field)}</TableCell><TableCell>{e.message}</TableCell></TableRow>)}
              </TableBody>
            </Table>
          </>
        ) : null}
      </CardContent></Card>
    </Box>
  );
};
