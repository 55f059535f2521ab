import simpleRestProvider from 'ra-data-simple-rest';
import { httpClient } from './httpClient';

const base = simpleRestProvider('/api', httpClient);

/** ra-data-simple-rest plus GovFlow's task actions (POST /api/tasks/:id/<action>). */
export const dataProvider = {
  ...base,
  taskAction: async (id: string, action: 'complete', body: Record<string, unknown>) => {
    const { json } = await httpClient(`/api/tasks/${id}/${action}`, { method: 'POST', body: JSON.stringify(body) });
    return { data: json };
  },
};
export type GovFlowDataProvider = typeof dataProvider;
