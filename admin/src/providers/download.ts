/**
 * Files the server writes on request (.xlsx exports): fetched with the session cookie and saved under the
 * name the server gives in Content-Disposition (RFC 6266 `filename*=UTF-8''…`, so Chinese names survive).
 * A refusal throws the server's clerk-readable sentence, for the caller to show.
 */
import { dispositionFilename } from './dispositionFilename';

/** Fetches `path` and has the browser save it; throws the server's message when it refuses. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = dispositionFilename(res.headers.get('content-disposition'), fallbackName);
  a.click();
  // the browser reads the blob after click() returns; it is released once the save has surely started
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
