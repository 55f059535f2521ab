import { useState } from 'react';
import DownloadIcon from '@mui/icons-material/Download';
import { useListContext, useNotify } from 'react-admin';
import { LabeledButton } from '../layout/responsive';

/**
 * Excel (.xlsx) of the list as it is filtered and sorted on screen, written by the server
 * (GET /api/tasks/export.xlsx): every page, not only the one shown, within the caller's scope.
 */
export const TaskExportButton = ({ filter }: { filter?: Record<string, unknown> }) => {
  const { filterValues, sort } = useListContext();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const params = new URLSearchParams({ filter: JSON.stringify({ ...filterValues, ...filter }), sort: JSON.stringify([sort.field, sort.order]) });
      const res = await fetch(`/api/tasks/export.xlsx?${params}`, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? res.statusText);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'tasks.xlsx');
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <LabeledButton label="govflow.export.xlsx" icon={<DownloadIcon />} onClick={download} disabled={busy} />;
};
