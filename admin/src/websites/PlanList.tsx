import { useState } from 'react';
import { Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, TextField as MuiTextField } from '@mui/material';
import { Datagrid, DateField, FunctionField, List, SelectInput, TextField, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { httpClient } from '../providers/httpClient';

interface PlanRow { id: string; status: string; decision: string; website?: { name: string; domain: string } }

const Decide = ({ record }: { record: PlanRow }) => {
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  if (record.status !== 'SUBMITTED') return null;
  const decide = async (action: 'approve' | 'reject') => {
    try {
      await httpClient(`/api/consolidation-plans/${record.id}/${action}`, { method: 'POST', body: JSON.stringify(action === 'reject' ? { reason } : {}) });
      notify(action === 'approve' ? 'govflow.website.approved' : 'govflow.website.rejected', { type: 'success' });
      setRejecting(false);
      refresh();
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    }
  };
  return (
    <>
      <Button size="small" onClick={(e) => { e.stopPropagation(); void decide('approve'); }}>{t('govflow.website.approve')}</Button>
      <Button size="small" color="error" onClick={(e) => { e.stopPropagation(); setRejecting(true); }}>{t('govflow.website.reject')}</Button>
      <Dialog open={rejecting} onClose={() => setRejecting(false)}>
        <DialogTitle>{t('govflow.website.reject')}：{record.website?.name}</DialogTitle>
        <DialogContent><MuiTextField autoFocus fullWidth multiline minRows={2} label={t('govflow.website.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value)} /></DialogContent>
        <DialogActions><Button disabled={!reason.trim()} onClick={() => void decide('reject')}>{t('govflow.website.reject')}</Button></DialogActions>
      </Dialog>
    </>
  );
};

/** 《整合计划表》: each site's decision and date as the unit submitted it; the city office approves or rejects. */
export const PlanList = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const canDecide = permissions?.includes('SUPERVISOR') || permissions?.includes('ADMIN');
  return (
    <List sort={{ field: 'submittedAt', order: 'DESC' }} empty={false}
      filters={[<SelectInput key="status" source="status" alwaysOn choices={['SUBMITTED', 'APPROVED', 'REJECTED'].map((s) => ({ id: s, name: t(`govflow.website.planStatus.${s}`) }))} />]}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <FunctionField source="website.name" sortable={false} render={(r: PlanRow) => `${r.website?.name ?? ''}（${r.website?.domain ?? ''}）`} />
        <FunctionField source="decision" render={(r: PlanRow) => t(`govflow.website.decision.${r.decision}`)} />
        <TextField source="plannedDate" />
        <FunctionField source="status" render={(r: PlanRow) => <Chip size="small" label={t(`govflow.website.planStatus.${r.status}`)} color={r.status === 'APPROVED' ? 'success' : r.status === 'REJECTED' ? 'error' : 'warning'} />} />
        <DateField source="submittedAt" showTime locales="zh-CN" />
        {canDecide ? <FunctionField render={(r: PlanRow) => <Decide record={r} />} /> : null}
      </Datagrid>
    </List>
  );
};
