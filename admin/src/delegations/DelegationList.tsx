import { useState } from 'react';
import { Chip } from '@mui/material';
import {
  BooleanInput, Confirm, CreateButton, Datagrid, FunctionField, List, SelectInput, TextField, TopToolbar, useNotify,
  usePermissions, useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { RecordCards } from '../layout/RecordCards';
import { LabeledButton, ResponsivePagination, usePhone } from '../layout/responsive';
import { useBusyAction } from '../layout/useBusyAction';
import { httpClient } from '../providers/httpClient';

interface DelegationRow {
  id: string; delegatorId: string; delegatorName: string; delegateName: string; role: string; flowKey: string | null;
  startDate: string; endDate: string; state: 'ACTIVE' | 'SCHEDULED' | 'ENDED' | 'EXPIRED'; createdByLogin: string | null;
}

const STATE_COLOR = { ACTIVE: 'success', SCHEDULED: 'info', ENDED: 'default', EXPIRED: 'default' } as const;

const StateField = (_props: { label?: string }) => {
  const r = useRecordContext<DelegationRow>();
  const t = useTranslate();
  return r ? <Chip size="small" color={STATE_COLOR[r.state]} label={t(`govflow.delegation.state.${r.state}`)} /> : null;
};

/** 结束委托 and 移交在办待办 on a current delegation (the server lets only the delegator or an administrator). */
const DelegationActions = (_props: { label?: string }) => {
  const r = useRecordContext<DelegationRow>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [confirm, setConfirm] = useState(false);
  const { busy, run: runBusy } = useBusyAction();
  if (!r || r.state === 'ENDED' || r.state === 'EXPIRED') return null;
  const post = async (path: string) => (await httpClient(`/api/delegations/${r.id}/${path}`, { method: 'POST', body: '{}' })).json;
  const run = (fn: () => Promise<void>) => runBusy(async () => {
    await fn();
    refresh();
  });
  return (
    <span onClick={(e) => e.stopPropagation()}>
      {r.state === 'ACTIVE' && (
        <LabeledButton label="govflow.delegation.move" disabled={busy} onClick={() => run(async () => {
          const out = await post('move-open-tasks') as { moved: number; refused: unknown[] };
          notify('govflow.delegation.moved', { type: 'success', messageArgs: { moved: out.moved, refused: out.refused.length } });
        })} />
      )}
      <LabeledButton label="govflow.delegation.end" disabled={busy} onClick={() => setConfirm(true)} />
      <Confirm isOpen={confirm} title="govflow.delegation.end_title" content="govflow.delegation.end_confirm" loading={busy}
        onConfirm={() => run(async () => {
          await post('end');
          setConfirm(false);
          notify('govflow.delegation.ended', { type: 'success' });
        })}
        onClose={() => setConfirm(false)} />
    </span>
  );
};

/** 我的委托: the delegations made by or for me (an administrator may list every one in scope), newest first. */
export const DelegationList = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const phone = usePhone();
  const filters = [
    <BooleanInput key="current" source="current" alwaysOn />,
    ...(permissions?.includes('ADMIN') ? [<SelectInput key="scope" source="scope" alwaysOn choices={['mine', 'all'].map((id) => ({ id, name: t(`govflow.delegation.scope.${id}`) }))} />] : []),
  ];
  const flow = (r: DelegationRow) => (r.flowKey ? t(`govflow.flows.${r.flowKey}`) : t('govflow.delegation.all_flows'));
  return (
    <List sort={{ field: 'startDate', order: 'DESC' }} filters={filters} perPage={25} actions={<TopToolbar><CreateButton /></TopToolbar>}
      pagination={<ResponsivePagination />}>
      {phone ? (
        // On a phone a card per delegation: who for whom, the dates, the flow and post, the state; 移交 and 结束 under it.
        <RecordCards<DelegationRow> testId="delegation-card" actions={<DelegationActions />}
          title={(r) => `${r.delegatorName} → ${r.delegateName}`}
          lines={(r) => [`${r.startDate} ~ ${r.endDate}`, flow(r), t(`govflow.roles.${r.role}`)]}
          chips={() => <StateField />} />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="delegatorName" sortable={false} />
          <TextField source="delegateName" sortable={false} />
          <FunctionField source="role" sortable={false} render={(r: DelegationRow) => t(`govflow.roles.${r.role}`)} />
          <FunctionField source="flowKey" sortable={false} render={flow} />
          <TextField source="startDate" />
          <TextField source="endDate" />
          <StateField label="resources.delegations.fields.state" />
          <TextField source="createdByLogin" sortable={false} />
          <DelegationActions label="" />
        </Datagrid>
      )}
    </List>
  );
};
