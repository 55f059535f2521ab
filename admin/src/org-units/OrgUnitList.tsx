import { Card, CardContent } from '@mui/material';
import { Datagrid, FunctionField, List, NumberField, SearchInput, SelectInput, TextField, useListContext, useTranslate } from 'react-admin';
import { RecordCards } from '../layout/RecordCards';
import { ResponsivePagination, usePhone } from '../layout/responsive';
import { OrgUnitTree } from './OrgUnitTree';

const KINDS = ['CITY_GOVERNMENT', 'GENERAL_OFFICE', 'MUNICIPAL_DEPARTMENT', 'DISTRICT_GOVERNMENT', 'DISTRICT_DEPARTMENT', 'STREET', 'TOWN'];

/** Without a search the units show as a tree to drill into; a search or a kind lists the matching units flat. */
const OrgUnitListBody = () => {
  const t = useTranslate();
  const { filterValues } = useListContext();
  const phone = usePhone();
  if (!filterValues.q && !filterValues.kind) return <Card><CardContent><OrgUnitTree /></CardContent></Card>;
  // On a phone a card per unit found: its name, code and kind.
  if (phone) return <RecordCards<{ id: string; code: string; name: string; kind: string }> testId="org-unit-card" title={(r) => r.name} lines={(r) => [r.code, t(`govflow.kinds.${r.kind}`)]} />;
  return (
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="code" />
      <TextField source="name" />
      <FunctionField source="kind" render={(r: { kind: string }) => t(`govflow.kinds.${r.kind}`)} />
      <NumberField source="depth" />
    </Datagrid>
  );
};

/** The tree pages itself (one level at a time); only the flat search result has pages. */
const OrgUnitPagination = () => {
  const { filterValues } = useListContext();
  return filterValues.q || filterValues.kind ? <ResponsivePagination /> : null;
};

export const OrgUnitList = () => {
  const t = useTranslate();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="kind" source="kind" choices={KINDS.map((id) => ({ id, name: t(`govflow.kinds.${id}`) }))} alwaysOn />,
  ];
  return (
    <List sort={{ field: 'path', order: 'ASC' }} filters={filters} perPage={50} exporter={false} empty={false} pagination={<OrgUnitPagination />}>
      <OrgUnitListBody />
    </List>
  );
};
