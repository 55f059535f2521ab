import { Admin, Resource } from 'react-admin';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './i18n';
import { AppLayout } from './layout/AppLayout';
import tasks from './tasks';
import overdueTasks from './tasks/overdue';
import { isSupervisor } from './tasks/taskFields';
import notifications from './notifications';
import orgUnits from './org-units';
import campaigns from './campaigns';

/** Wires the providers and resources; the menu follows the roles (clerks do not see 督办 screens). */
export const App = () => (
  <Admin
    title="GovFlow"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={AppLayout}
    requireAuth
    disableTelemetry
  >
    {(permissions: string[]) => [
      <Resource key="tasks" name="tasks" {...tasks} />,
      isSupervisor(permissions) ? <Resource key="overdue-tasks" name="overdue-tasks" {...overdueTasks} /> : null,
      isSupervisor(permissions) ? <Resource key="campaigns" name="campaigns" {...campaigns} create={permissions.includes('ADMIN') ? campaigns.create : undefined} /> : null,
      <Resource key="notifications" name="notifications" {...notifications} />,
      <Resource key="org-units" name="org-units" {...orgUnits} />,
    ]}
  </Admin>
);
