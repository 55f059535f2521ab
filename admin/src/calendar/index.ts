import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import { lazyScreen } from '../lazyScreen';

/** 节假日日历 is the calendar-overrides resource's list screen: a month view with the overrides beside it. */
export default { list: lazyScreen(() => import('./CalendarScreen'), 'CalendarScreen'), icon: CalendarMonthIcon };
