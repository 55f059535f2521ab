import type { TranslateFunction } from 'react-admin';

export const ROLES = ['CLERK', 'UNIT_HEAD', 'SUPERVISOR', 'ADMIN'] as const;
export const roleChoices = (t: TranslateFunction) => ROLES.map((id) => ({ id, name: t(`govflow.roles.${id}`) }));
