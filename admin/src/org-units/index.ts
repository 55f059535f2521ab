import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { OrgUnitList } from './OrgUnitList';

export default {
  list: OrgUnitList,
  icon: AccountTreeIcon,
  recordRepresentation: 'name',
};
