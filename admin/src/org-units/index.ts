import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { lazyScreen } from '../lazyScreen';

export default {
  list: lazyScreen(() => import('./OrgUnitList'), 'OrgUnitList'),
  icon: AccountTreeIcon,
  recordRepresentation: 'name',
};
