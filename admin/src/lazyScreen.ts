import { lazy, type ComponentType } from 'react';

/**
 * A screen loaded on first use: its code (and what only it imports, such as the annual report's template
 * and checks) stays out of the bundle a user downloads before the inbox shows. react-admin's layout renders
 * routes inside a Suspense boundary, which shows its spinner while the chunk arrives.
 */
export const lazyScreen = <M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) =>
  lazy(async () => ({ default: (await load())[name] as ComponentType }));
