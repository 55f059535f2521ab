import AlarmIcon from '@mui/icons-material/Alarm';
import { lazyScreen } from '../lazyScreen';

/**
 * 逾期待办 as a menu entry of its own for supervisors: a screen over the tasks resource (the list reads
 * GET /api/tasks with the overdue filter), registered as a resource so the menu follows the roles.
 */
export default {
  list: lazyScreen(() => import('./TaskOverdueList'), 'TaskOverdueList'),
  icon: AlarmIcon,
};
