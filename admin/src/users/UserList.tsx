import {
  BooleanField, CreateButton, Datagrid, FilterButton, DateField, FunctionField, List, NullableBooleanInput, ReferenceInput, AutocompleteInput, SearchInput, SelectInput,
  TextField, TopToolbar, useCreatePath, useTranslate,
} from 'react-admin';

interface UserRow { id: string; login: string; displayName: string; orgUnit: { name: string }; roles: string[]; active: boolean }
import { Chip } from '@mui/material';
import { RecordCards } from '../layout/RecordCards';
import { FilterDrawerButton, ResponsivePagination, usePhone } from '../layout/responsive';
import { CHINA_TIME } from '../tasks/taskFields';
import { roleChoices } from './userFields';

/** 账号管理: the accounts of the subtree the administrator oversees; filter by unit, post and state. */
export const UserList = () => {
  const t = useTranslate();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <ReferenceInput key="orgUnitId" source="orgUnitId" reference="org-units" sort={{ field: 'path', order: 'ASC' }}><AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} /></ReferenceInput>,
    <SelectInput key="role" source="role" choices={roleChoices(t)} />,
    <NullableBooleanInput key="active" source="active" />,
  ];
  const createPath = useCreatePath();
  if (usePhone()) {
    // On a phone a card per account: name and login, unit and posts, a badge when disabled; a tap edits it.
    return (
      <List sort={{ field: 'login', order: 'ASC' }} perPage={25} pagination={<ResponsivePagination />}
        actions={<TopToolbar sx={{ flexWrap: 'wrap' }}><FilterDrawerButton filters={filters} /><CreateButton /></TopToolbar>}>
        <RecordCards<UserRow> testId="user-card"
          title={(r) => `${r.displayName}（${r.login}）`}
          lines={(r) => [r.orgUnit.name, r.roles.map((x) => t(`govflow.roles.${x}`)).join('、')]}
          chips={(r) => (r.active ? null : <Chip size="small" label={t('govflow.users.inactive')} />)}
          link={(r) => createPath({ resource: 'users', id: r.id, type: 'edit' })} />
      </List>
    );
  }
  return (
    <List filters={filters} sort={{ field: 'login', order: 'ASC' }} perPage={25} actions={<TopToolbar><FilterButton /><CreateButton /></TopToolbar>}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="login" />
        <TextField source="displayName" />
        <FunctionField source="orgUnit.name" sortable={false} render={(r: { orgUnit: { name: string } }) => r.orgUnit.name} />
        <FunctionField source="roles" sortable={false} render={(r: { roles: string[] }) => r.roles.map((x) => t(`govflow.roles.${x}`)).join('、')} />
        <BooleanField source="active" />
        <DateField source="createdAt" showTime locales="zh-CN" options={CHINA_TIME} />
      </Datagrid>
    </List>
  );
};
