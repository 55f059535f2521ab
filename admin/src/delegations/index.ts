import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import { lazyScreen } from '../lazyScreen';

/** 我的委托: everyone's (their own delegations; administrators also set one for someone unreachable). */
export default {
  list: lazyScreen(() => import('./DelegationList'), 'DelegationList'),
  create: lazyScreen(() => import('./DelegationCreate'), 'DelegationCreate'),
  icon: EventRepeatIcon,
  recordRepresentation: (r: { delegateName?: string }) => r.delegateName ?? '',
};
