import DownloadIcon from '@mui/icons-material/Download';
import { useListContext } from 'react-admin';
import { LabeledButton } from '../layout/responsive';
import { useBusyAction } from '../layout/useBusyAction';
import { downloadFile } from '../providers/download';

/**
 * Excel (.xlsx) of the list as it is filtered and sorted on screen, written by the server
 * (GET /api/tasks/export.xlsx): every page, not only the one shown, within the caller's scope.
 */
export const TaskExportButton = ({ filter }: { filter?: Record<string, unknown> }) => {
  const { filterValues, sort } = useListContext();
  const { busy, run } = useBusyAction();
  const download = () => run(async () => {
    const params = new URLSearchParams({ filter: JSON.stringify({ ...filterValues, ...filter }), sort: JSON.stringify([sort.field, sort.order]) });
    await downloadFile(`/api/tasks/export.xlsx?${params}`, 'tasks.xlsx');
  });
  return <LabeledButton label="govflow.export.xlsx" icon={<DownloadIcon />} onClick={download} disabled={busy} />;
};
