import AssignmentIcon from '@mui/icons-material/Assignment';
import { lazyScreen } from '../lazyScreen';
import { TaskList } from './TaskList';

/** The inbox is in the first bundle (it is the first screen); the task page, with the report form, loads on first open. */
export default {
  list: TaskList,
  show: lazyScreen(() => import('./TaskShow'), 'TaskShow'),
  icon: AssignmentIcon,
  recordRepresentation: 'title',
};
