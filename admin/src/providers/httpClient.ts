import { fetchUtils, HttpError } from 'react-admin';

/**
 * Every request carries the session cookie (same origin) and, for writes, the CSRF token the server gave
 * at login. A server refusal becomes an HttpError whose message is the server's clerk-readable sentence.
 */
let csrfToken = sessionStorage.getItem('govflow.csrf') ?? '';
/** For requests the data provider does not make (file uploads). */
export const getCsrfToken = () => csrfToken;
export const setCsrfToken = (token: string) => {
  csrfToken = token;
  sessionStorage.setItem('govflow.csrf', token);
};

export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  if (options.method && options.method !== 'GET' && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  try {
    return await fetchUtils.fetchJson(url, { ...options, headers, credentials: 'same-origin' });
  } catch (err) {
    if (err instanceof HttpError) {
      const body = err.body as { error?: { message?: string; code?: string } } | undefined;
      throw new HttpError(body?.error?.message ?? err.message, err.status, err.body);
    }
    throw err;
  }
}
