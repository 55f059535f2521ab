import { Button as MuiButton, Chip } from '@mui/material';
import { CreateButton, Datagrid, DateField, FunctionField, List, SelectInput, TextField, TextInput, TopToolbar, usePermissions, useTranslate } from 'react-admin';
import { RecordCards } from '../layout/RecordCards';
import { ResponsivePagination, usePhone } from '../layout/responsive';

interface WebsiteRow { id: string; name: string; domain: string; siteCode: string; icpNumber?: string | null; status: string; ownerUnit?: { name: string } }

const STATUSES = ['RUNNING', 'RETENTION_REVIEW', 'RETAINED', 'CLOSURE_APPROVAL', 'NOTICE', 'DEREGISTERING', 'CLOSED', 'FOLLOWED_UP', 'FLOW_ENDED'];
const COLOR: Record<string, 'default' | 'primary' | 'success' | 'warning' | 'info'> = {
  RUNNING: 'primary', RETENTION_REVIEW: 'warning', RETAINED: 'success', CLOSURE_APPROVAL: 'warning', NOTICE: 'info', DEREGISTERING: 'info', CLOSED: 'default', FOLLOWED_UP: 'default', FLOW_ENDED: 'warning',
};

const Actions = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const supervisor = permissions?.includes('SUPERVISOR') || permissions?.includes('ADMIN');
  return (
    <TopToolbar sx={{ flexWrap: 'wrap' }}>
      {supervisor ? <CreateButton label="govflow.website.import" /> : null}
      {supervisor ? <MuiButton size="small" href="/api/websites/export?format=csv">{t('govflow.website.exportCsv')}</MuiButton> : null}
      {supervisor ? <MuiButton size="small" href="/api/websites/export?format=xlsx">{t('govflow.website.exportXlsx')}</MuiButton> : null}
    </TopToolbar>
  );
};

/** 网站清单: every government website in the user's scope, by status, with import and export for supervisors. */
export const WebsiteList = () => {
  const t = useTranslate();
  const filters = [
    <TextInput key="q" source="q" alwaysOn />,
    <SelectInput key="status" source="status" choices={STATUSES.map((s) => ({ id: s, name: t(`govflow.website.status.${s}`) }))} alwaysOn />,
  ];
  const status = (r: WebsiteRow) => <Chip size="small" color={COLOR[r.status] ?? 'default'} label={t(`govflow.website.status.${r.status}`)} />;
  return (
    <List filters={filters} sort={{ field: 'domain', order: 'ASC' }} actions={<Actions />} empty={false} pagination={<ResponsivePagination />}>
      {usePhone() ? (
        // On a phone a card per site: its name, domain and site code, the unit that runs it, its status.
        <RecordCards<WebsiteRow> testId="website-card" title={(r) => r.name} lines={(r) => [r.domain, r.siteCode, r.ownerUnit?.name]} chips={status} />
      ) : (
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="name" />
        <TextField source="domain" />
        <TextField source="siteCode" />
        <TextField source="icpNumber" sortable={false} />
        <FunctionField source="ownerUnit.name" sortable={false} render={(r: { ownerUnit?: { name: string } }) => r.ownerUnit?.name ?? ''} />
        <FunctionField source="status" render={status} />
        <DateField source="updatedAt" locales="zh-CN" />
      </Datagrid>
      )}
    </List>
  );
};
