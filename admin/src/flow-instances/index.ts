import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import { lazyScreen } from '../lazyScreen';

/** 流程监控 (administrators): running flow instances, one's history, and interventions with a reason. */
export default {
  list: lazyScreen(() => import('./FlowInstanceList'), 'FlowInstanceList'),
  show: lazyScreen(() => import('./FlowInstanceShow'), 'FlowInstanceShow'),
  icon: MonitorHeartIcon,
  recordRepresentation: 'workflowId',
};
