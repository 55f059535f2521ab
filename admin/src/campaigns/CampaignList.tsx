import { Box, LinearProgress, Typography } from '@mui/material';
import { CreateButton, Datagrid, DateField, FunctionField, List, NumberField, TextField, TopToolbar, useCreatePath, usePermissions, useTranslate } from 'react-admin';
import { RecordCards } from '../layout/RecordCards';
import { usePhone } from '../layout/responsive';

interface CampaignRow { id: string; title: string; year: number; status: string; launchPercent: number; startedUnits: number; totalUnits: number }

/** Launch progress as a bar: what an administrator watches while hundreds of unit flows start. */
export const LaunchBar = ({ record }: { record: CampaignRow }) => {
  const t = useTranslate();
  return (
    <Box sx={{ minWidth: 160 }}>
      <LinearProgress variant="determinate" value={record.launchPercent} color={record.launchPercent < 100 ? 'primary' : 'success'} aria-label="launch-progress" />
      <Typography variant="caption">{record.status === 'LAUNCHING' ? t('govflow.campaign.launching', { started: record.startedUnits, total: record.totalUnits }) : `${record.startedUnits} / ${record.totalUnits}`}</Typography>
    </Box>
  );
};

export const CampaignList = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const createPath = useCreatePath();
  return (
    <List sort={{ field: 'launchedAt', order: 'DESC' }} actions={<TopToolbar>{permissions?.includes('ADMIN') ? <CreateButton /> : null}</TopToolbar>} empty={false}>
      {usePhone() ? (
        // On a phone a card per campaign: its title, status and units, the launch bar; a tap opens the dashboard.
        <RecordCards<CampaignRow> testId="campaign-card" title={(r) => r.title}
          lines={(r) => [t(`govflow.campaign.status.${r.status}`), t('govflow.phone.units_count', { count: r.totalUnits })]}
          chips={(r) => <LaunchBar record={r} />} link={(r) => createPath({ resource: 'campaigns', id: r.id, type: 'show' })} />
      ) : (
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="title" />
        <NumberField source="year" options={{ useGrouping: false }} />
        <FunctionField source="status" render={(r: CampaignRow) => t(`govflow.campaign.status.${r.status}`)} />
        <NumberField source="totalUnits" sortable={false} />
        <FunctionField source="launchPercent" sortable={false} render={(r: CampaignRow) => <LaunchBar record={r} />} />
        <DateField source="launchedAt" showTime locales="zh-CN" />
      </Datagrid>
      )}
    </List>
  );
};
