import { useEffect, useState } from 'react';
import { Alert } from '@mui/material';
import { useWatch } from 'react-hook-form';
import {
  AutocompleteInput, BooleanInput, Create, DateInput, ReferenceInput, SelectInput, SimpleForm, TextInput, maxLength, required, useNotify,
  usePermissions, useRedirect, useTranslate,
} from 'react-admin';
import { httpClient } from '../providers/httpClient';
import type { Colleague } from '../providers/dataProvider';

/** Today's China date (YYYY-MM-DD), and n days later. */
const chinaDay = (n = 0) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** The colleagues the delegator may delegate to (same unit and post), read again when an administrator picks someone. */
const DelegateInput = () => {
  const delegatorId = useWatch({ name: 'delegatorId' }) as string | undefined;
  const [people, setPeople] = useState<Colleague[]>([]);
  useEffect(() => {
    let live = true;
    httpClient(`/api/delegations/candidates${delegatorId ? `?delegatorId=${delegatorId}` : ''}`)
      .then(({ json }) => live && setPeople((json as { candidates: Colleague[] }).candidates))
      .catch(() => live && setPeople([]));
    return () => { live = false; };
  }, [delegatorId]);
  return (
    <SelectInput source="delegateId" validate={required()} sx={{ minWidth: 280 }}
      choices={people.map((p) => ({ id: p.id, name: `${p.displayName}（${p.login}）` }))} />
  );
};

/**
 * 设置委托: a colleague of the same unit and post, a date range (both days included), optionally one flow, a
 * reason; optionally move the open tasks at once. The server checks every rule and answers a refusal in
 * Chinese (overlap, self, another unit or post), shown as it is.
 */
export const DelegationCreate = () => {
  const t = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const { permissions } = usePermissions<string[]>();
  return (
    <Create
      transform={(d: Record<string, unknown>) => ({ ...d, flowKey: d.flowKey || null, reason: d.reason || undefined, delegatorId: d.delegatorId || undefined })}
      mutationOptions={{
        onSuccess: (record: { moved?: { moved: number } } & { id: unknown }) => {
          const data = record;
          notify(data.moved ? 'govflow.delegation.created_moved' : 'govflow.delegation.created', { type: 'success', messageArgs: { moved: data.moved?.moved ?? 0 } });
          redirect('list', 'delegations');
        },
      }}
    >
      <SimpleForm defaultValues={{ startDate: chinaDay(), endDate: chinaDay(6), moveOpenTasks: true }}>
        <Alert severity="info" sx={{ mb: 2 }}>{t('govflow.delegation.hint')}</Alert>
        {permissions?.includes('ADMIN') && (
          <ReferenceInput source="delegatorId" reference="users">
            <AutocompleteInput optionText={(u: { displayName: string; login: string }) => `${u.displayName}（${u.login}）`} filterToQuery={(q) => ({ q })} sx={{ minWidth: 360 }} />
          </ReferenceInput>
        )}
        <DelegateInput />
        <DateInput source="startDate" validate={required()} />
        <DateInput source="endDate" validate={required()} />
        <SelectInput source="flowKey" emptyText="govflow.delegation.all_flows"
          choices={['annual-report', 'website-closure'].map((id) => ({ id, name: t(`govflow.flows.${id}`) }))} />
        <TextInput source="reason" validate={maxLength(500)} multiline fullWidth />
        <BooleanInput source="moveOpenTasks" />
      </SimpleForm>
    </Create>
  );
};
