// No DOM here: the unit tests (type-checked without the browser's library) read this file.

/** The file name of a Content-Disposition header's `filename*=UTF-8''…`, else `fallback`. */
export function dispositionFilename(header: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  if (!encoded) return fallback;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return fallback; // a malformed escape: the file is still saved, under the fallback name
  }
}
