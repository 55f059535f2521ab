import type { AuthProvider } from 'react-admin';
import { httpClient, setCsrfToken } from './httpClient';

interface Me { id: string; login: string; displayName: string; orgUnitId: string; orgUnitName: string; roles: string[] }
let me: Me | null = null;

async function loadMe(): Promise<Me | null> {
  try {
    const { json } = await httpClient('/api/auth/me');
    setCsrfToken(json.csrfToken);
    me = json.user;
    return me;
  } catch {
    me = null;
    return null;
  }
}

export const authProvider: AuthProvider = {
  async login({ username, password }) {
    const { json } = await httpClient('/api/auth/login', { method: 'POST', body: JSON.stringify({ login: username, password }) });
    setCsrfToken(json.csrfToken);
    me = json.user;
  },
  async logout() {
    if (me) await httpClient('/api/auth/logout', { method: 'POST', body: '{}' }).catch(() => undefined);
    me = null;
    setCsrfToken('');
  },
  async checkAuth() {
    if (!me && !(await loadMe())) throw new Error('govflow.auth.session_expired');
  },
  async checkError(error) {
    if (error?.status === 401) {
      me = null;
      throw new Error('govflow.auth.session_expired');
    }
  },
  async getIdentity() {
    const user = me ?? (await loadMe());
    if (!user) throw new Error('govflow.auth.session_expired');
    // orgUnitId and roles let the task page offer an assignee's actions only to a possible assignee.
    return { id: user.id, fullName: `${user.displayName}（${user.orgUnitName}）`, orgUnitId: user.orgUnitId, roles: user.roles };
  },
  async getPermissions() {
    return (me ?? (await loadMe()))?.roles ?? [];
  },
};
