import { AutocompleteInput, CheckboxGroupInput, ReferenceInput, TextInput, email, maxLength, required, useTranslate } from 'react-admin';
import { roleChoices } from './userFields';

/** What an administrator sets on a new account and may change later: name, unit, posts, e-mail. */
export const UserProfileInputs = () => {
  const t = useTranslate();
  return (
    <>
      <TextInput source="displayName" validate={[required(), maxLength(50)]} />
      <ReferenceInput source="orgUnitId" reference="org-units" sort={{ field: 'path', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} validate={required()} sx={{ minWidth: 360 }} />
      </ReferenceInput>
      <CheckboxGroupInput source="roles" choices={roleChoices(t)} validate={required()} />
      <TextInput source="email" validate={email()} />
    </>
  );
};
