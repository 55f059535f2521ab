import { Admin, Resource } from 'react-admin';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './i18n';
import tasks from './tasks';
import orgUnits from './org-units';

/** Wires the providers and resources; everything else lives in the resource folders. */
export const App = () => (
  <Admin
    title="GovFlow"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    requireAuth
    disableTelemetry
  >
    <Resource name="tasks" {...tasks} />
    <Resource name="org-units" {...orgUnits} />
  </Admin>
);
