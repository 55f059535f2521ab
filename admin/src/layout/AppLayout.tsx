import type { ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator, LocalesMenuButton } from 'react-admin';
import { NotificationBell } from '../notifications/NotificationBell';

/** The app bar carries the notification bell beside the language switch. */
const GovFlowAppBar = () => (
  <AppBar toolbar={<><NotificationBell /><LocalesMenuButton /><LoadingIndicator /></>} />
);

export const AppLayout = ({ children }: { children: ReactNode }) => <Layout appBar={GovFlowAppBar}>{children}</Layout>;
