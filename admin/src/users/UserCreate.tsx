import {
  AutocompleteInput, CheckboxGroupInput, Create, PasswordInput, ReferenceInput, SimpleForm, TextInput, email, maxLength, minLength, regex, required, useTranslate,
} from 'react-admin';
import { roleChoices } from './userFields';

/** A new account: the initial password is changed by its owner at the first sign-in (the server insists). */
export const UserCreate = () => {
  const t = useTranslate();
  return (
    <Create redirect="list" transform={(d: Record<string, unknown>) => ({ ...d, email: d.email || undefined })}>
      <SimpleForm>
        <TextInput source="login" validate={[required(), regex(/^[a-z0-9][a-z0-9._-]{1,49}$/, 'govflow.users.login_rule')]} helperText="govflow.users.login_rule" />
        <TextInput source="displayName" validate={[required(), maxLength(50)]} />
        <ReferenceInput source="orgUnitId" reference="org-units" sort={{ field: 'path', order: 'ASC' }}>
          <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} validate={required()} sx={{ minWidth: 360 }} />
        </ReferenceInput>
        <CheckboxGroupInput source="roles" choices={roleChoices(t)} validate={required()} />
        <TextInput source="email" validate={email()} />
        <PasswordInput source="password" validate={[required(), minLength(12)]} helperText="govflow.users.password_rule" />
      </SimpleForm>
    </Create>
  );
};
