import { useState } from 'react';
import { TextField as MuiTextField } from '@mui/material';
import LockResetIcon from '@mui/icons-material/LockReset';
import { BooleanInput, Edit, SimpleForm, TextInput, TopToolbar, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from '../tasks/TaskActionDialogButton';
import { UserProfileInputs } from './UserProfileInputs';

/** 重置密码: a new initial password; the owner must change it at the next sign-in, and their sessions end now. */
const ResetPasswordButton = () => {
  const record = useRecordContext<{ id: string }>();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const t = useTranslate();
  const [password, setPassword] = useState('');
  if (!record) return null;
  return (
    <TaskActionDialogButton label="govflow.users.reset_password" icon={<LockResetIcon />} title="govflow.users.reset_title" content="govflow.users.reset_content"
      done="govflow.users.reset_done" ready={password.length >= 12} onOpen={() => setPassword('')} submit={() => dataProvider.resetPassword(record.id, password)}>
      <MuiTextField type="password" label={t('govflow.users.new_password')} value={password} onChange={(e) => setPassword(e.target.value)} fullWidth margin="normal"
        helperText={t('govflow.users.password_rule')} autoComplete="new-password" />
    </TaskActionDialogButton>
  );
};

/** Editing an account; 停用 (active off) ends the user's sessions at once. The login cannot change. */
export const UserEdit = () => (
  <Edit mutationMode="pessimistic" actions={<TopToolbar><ResetPasswordButton /></TopToolbar>}
    transform={({ displayName, roles, orgUnitId, email: mail, active }: Record<string, unknown>) => ({ displayName, roles, orgUnitId, email: mail || null, active })}>
    <SimpleForm>
      <TextInput source="login" disabled />
      <UserProfileInputs />
      <BooleanInput source="active" />
    </SimpleForm>
  </Edit>
);
