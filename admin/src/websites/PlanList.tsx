import { useState } from 'react';
import { Button, Chip, DialogActions, DialogContent, DialogTitle, TextField as MuiTextField } from '@mui/material';
import { Datagrid, DateField, FunctionField, List, SelectInput, TextField, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { RecordCards } from '../layout/RecordCards';
import { ResponsiveDialog, ResponsivePagination, usePhone } from '../layout/responsive';
import { httpClient } from '../providers/httpClient';

interface PlanRow { id: string; status: string; decision: string; plannedDate?: string | null; submittedAt?: string | null; website?: { name: string; domain: string } }

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
      <ResponsiveDialog open={rejecting} onClose={() => setRejecting(false)}>
        <DialogTitle>{t('govflow.website.reject')}：{record.website?.name}</DialogTitle>
        <DialogContent><MuiTextField autoFocus fullWidth multiline minRows={2} label={t('govflow.website.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value)} /></DialogContent>
        <DialogActions><Button disabled={!reason.trim()} onClick={() => void decide('reject')}>{t('govflow.website.reject')}</Button></DialogActions>
      </ResponsiveDialog>
    </>
  );
};

/** The plan's decision buttons in a phone card (the card is the record's context). */
const PlanDecideInCard = () => {
  const record = useRecordContext<PlanRow>();
  return record ? <Decide record={record} /> : null;
};

/** 《整合计划表》: each site's decision and date as the unit submitted it; the city office approves or rejects. */
export const PlanList = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const canDecide = permissions?.includes('SUPERVISOR') || permissions?.includes('ADMIN');
  const status = (r: PlanRow) => <Chip size="small" label={t(`govflow.website.planStatus.${r.status}`)} color={r.status === 'APPROVED' ? 'success' : r.status === 'REJECTED' ? 'error' : 'warning'} />;
  return (
    <List sort={{ field: 'submittedAt', order: 'DESC' }} empty={false} pagination={<ResponsivePagination />}
      filters={[<SelectInput key="status" source="status" alwaysOn choices={['SUBMITTED', 'APPROVED', 'REJECTED'].map((s) => ({ id: s, name: t(`govflow.website.planStatus.${s}`) }))} />]}>
      {usePhone() ? (
        // On a phone a card per plan: the site, the decision and its date, the status; 批准 and 退回 under it.
        <RecordCards<PlanRow> testId="plan-card" title={(r) => `${r.website?.name ?? ''}（${r.website?.domain ?? ''}）`}
          lines={(r) => [t(`govflow.website.decision.${r.decision}`), r.plannedDate]} chips={status}
          actions={canDecide ? <PlanDecideInCard /> : undefined} />
      ) : (
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <FunctionField source="website.name" sortable={false} render={(r: PlanRow) => `${r.website?.name ?? ''}（${r.website?.domain ?? ''}）`} />
        <FunctionField source="decision" render={(r: PlanRow) => t(`govflow.website.decision.${r.decision}`)} />
        <TextField source="plannedDate" />
        <FunctionField source="status" render={status} />
        <DateField source="submittedAt" showTime locales="zh-CN" />
        {canDecide ? <FunctionField render={(r: PlanRow) => <Decide record={r} />} /> : null}
      </Datagrid>
      )}
    </List>
  );
};
