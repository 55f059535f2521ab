import TuneIcon from '@mui/icons-material/Tune';
import { lazyScreen } from '../lazyScreen';

export default {
  list: lazyScreen(() => import('./StageList'), 'StageList'),
  edit: lazyScreen(() => import('./StageEdit'), 'StageEdit'),
  icon: TuneIcon,
  recordRepresentation: 'name',
};
