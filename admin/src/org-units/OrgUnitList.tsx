import { Datagrid, FunctionField, List, NumberField, SearchInput, SelectInput, TextField, useTranslate } from 'react-admin';

const KINDS = ['CITY_GOVERNMENT', 'GENERAL_OFFICE', 'MUNICIPAL_DEPARTMENT', 'DISTRICT_GOVERNMENT', 'DISTRICT_DEPARTMENT', 'STREET', 'TOWN'];

export const OrgUnitList = () => {
  const t = useTranslate();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="kind" source="kind" choices={KINDS.map((id) => ({ id, name: t(`govflow.kinds.${id}`) }))} alwaysOn />,
  ];
  return (
    <List sort={{ field: 'path', order: 'ASC' }} filters={filters} perPage={50}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="code" />
        <TextField source="name" />
        <FunctionField source="kind" render={(r: { kind: string }) => t(`govflow.kinds.${r.kind}`)} />
        <NumberField source="depth" />
      </Datagrid>
    </List>
  );
};
