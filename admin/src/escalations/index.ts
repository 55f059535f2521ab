import GavelIcon from '@mui/icons-material/Gavel';
import { lazyScreen } from '../lazyScreen';

export default { list: lazyScreen(() => import('./EscalationList'), 'EscalationList'), icon: GavelIcon };
