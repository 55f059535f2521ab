import type { ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator, LocalesMenuButton } from 'react-admin';
import { NotificationBell } from '../notifications/NotificationBell';
import { ConsoleFormProvider } from './responsive';

/** The app bar carries the notification bell beside the language switch. */
const GovFlowAppBar = () => (
  <AppBar toolbar={<><NotificationBell /><LocalesMenuButton /><LoadingIndicator /></>} />
);

/** Every screen inside one decision of the console's form (phone or desktop), see `ConsoleFormProvider`. */
export const AppLayout = ({ children }: { children: ReactNode }) => (
  <ConsoleFormProvider><Layout appBar={GovFlowAppBar}>{children}</Layout></ConsoleFormProvider>
);
