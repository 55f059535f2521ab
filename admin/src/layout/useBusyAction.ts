import { useCallback, useState } from 'react';
import { useNotify } from 'react-admin';

/**
 * A button's request while it runs: `busy` disables the button (no second click sends it twice), and a
 * refusal shows the server's sentence as an error notification instead of failing silently.
 */
export function useBusyAction(): { busy: boolean; run: (action: () => Promise<void>) => Promise<void> } {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  }, [notify]);
  return { busy, run };
}
