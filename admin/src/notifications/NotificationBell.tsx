import { useEffect, useState } from 'react';
import { Badge, IconButton, Tooltip } from '@mui/material';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { useDataProvider, useLocation, useNavigate, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';

/** Unread notifications polled every 30 s (and on every page change); clicking opens the inbox. */
export const NOTIFICATION_POLL_MS = 30_000;

export const NotificationBell = () => {
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const navigate = useNavigate();
  const location = useLocation();
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () => dataProvider.unreadNotifications().then((n) => { if (live) setCount(n); }, () => undefined);
    load();
    const timer = setInterval(load, NOTIFICATION_POLL_MS);
    return () => { live = false; clearInterval(timer); };
  }, [dataProvider, location]);
  const label = translate('govflow.notifications.unread_count', { count });
  return (
    <Tooltip title={label}>
      <IconButton color="inherit" aria-label={label} onClick={() => navigate('/notifications')}>
        <Badge badgeContent={count} color="error" max={99}><NotificationsIcon /></Badge>
      </IconButton>
    </Tooltip>
  );
};
