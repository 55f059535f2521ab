import { Box, LinearProgress, Typography } from '@mui/material';
import { CreateButton, Datagrid, DateField, FunctionField, List, NumberField, TextField, TopToolbar, usePermissions, useTranslate } from 'react-admin';

interface CampaignRow { status: string; launchPercent: number; startedUnits: number; totalUnits: number }

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
  return (
    <List sort={{ field: 'launchedAt', order: 'DESC' }} actions={<TopToolbar>{permissions?.includes('ADMIN') ? <CreateButton /> : null}</TopToolbar>} empty={false}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="title" />
        <NumberField source="year" options={{ useGrouping: false }} />
        <FunctionField source="status" render={(r: CampaignRow) => t(`govflow.campaign.status.${r.status}`)} />
        <NumberField source="totalUnits" sortable={false} />
        <FunctionField source="launchPercent" sortable={false} render={(r: CampaignRow) => <LaunchBar record={r} />} />
        <DateField source="launchedAt" showTime locales="zh-CN" />
      </Datagrid>
    </List>
  );
};
