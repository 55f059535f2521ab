import { Admin, Resource } from 'react-admin';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './i18n';
import { AppLayout } from './layout/AppLayout';
import { theme } from './layout/theme';
import tasks from './tasks';
import overdueTasks from './tasks/overdue';
import { isSupervisor } from './tasks/taskFields';
import notifications from './notifications';
import orgUnits from './org-units';
import campaigns from './campaigns';
import { plans, websites } from './websites';
import escalations from './escalations';
import stages from './stages';
import calendar from './calendar';
import users from './users';
import flowInstances from './flow-instances';
import delegations from './delegations';

const isAdmin = (roles: unknown) => Array.isArray(roles) && roles.includes('ADMIN');

/**
 * Wires the providers and resources; the menu follows the roles: clerks and heads see their tasks, the
 * notifications and the org tree; supervisors also 逾期待办 and 督办/拟通报; administrators also the stages,
 * the holiday calendar and the accounts. (The API checks every call again.)
 */
export const App = () => (
  <Admin
    title="GovFlow"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={AppLayout}
    theme={theme}
    requireAuth
    disableTelemetry
  >
    {(permissions: string[]) => [
      <Resource key="tasks" name="tasks" {...tasks} />,
      isSupervisor(permissions) ? <Resource key="overdue-tasks" name="overdue-tasks" {...overdueTasks} /> : null,
      isSupervisor(permissions) ? <Resource key="campaigns" name="campaigns" {...campaigns} create={permissions.includes('ADMIN') ? campaigns.create : undefined} /> : null,
      isSupervisor(permissions) ? <Resource key="escalations" name="escalations" {...escalations} /> : null,
      <Resource key="websites" name="websites" {...websites} create={isSupervisor(permissions) ? websites.create : undefined} />,
      <Resource key="consolidation-plans" name="consolidation-plans" {...plans} />,
      <Resource key="delegations" name="delegations" {...delegations} />,
      <Resource key="notifications" name="notifications" {...notifications} />,
      <Resource key="org-units" name="org-units" {...orgUnits} />,
      isAdmin(permissions) ? <Resource key="stages" name="stages" {...stages} /> : null,
      isAdmin(permissions) ? <Resource key="calendar-overrides" name="calendar-overrides" {...calendar} /> : null,
      isAdmin(permissions) ? <Resource key="users" name="users" {...users} /> : null,
      isAdmin(permissions) ? <Resource key="flow-instances" name="flow-instances" {...flowInstances} /> : null,
    ]}
  </Admin>
);
