import { Create, PasswordInput, SimpleForm, TextInput, minLength, regex, required } from 'react-admin';
import { UserProfileInputs } from './UserProfileInputs';

/** A new account: the initial password is changed by its owner at the first sign-in (the server insists). */
export const UserCreate = () => (
  <Create redirect="list" transform={(d: Record<string, unknown>) => ({ ...d, email: d.email || undefined })}>
    <SimpleForm>
      <TextInput source="login" validate={[required(), regex(/^[a-z0-9][a-z0-9._-]{1,49}$/, 'govflow.users.login_rule')]} helperText="govflow.users.login_rule" />
      <UserProfileInputs />
      <PasswordInput source="password" validate={[required(), minLength(12)]} helperText="govflow.users.password_rule" />
    </SimpleForm>
  </Create>
);
