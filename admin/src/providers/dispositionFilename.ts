/**
 * The file name a download is saved under: the server gives it in Content-Disposition as RFC 6266
 * `filename*=UTF-8''…`, so Chinese names survive. No DOM here: unit tests read it.
 */
export function dispositionFilename(header: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  if (!encoded) return fallback;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return fallback; // a malformed escape: the file is still saved, under the fallback name
  }
}
