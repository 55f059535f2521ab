/** Named demo users, one or more for every role, on units a demo walks through. */
export interface DemoUser {
  login: string;
  displayName: string;
  orgUnitCode: string;
  roles: Array<'CLERK' | 'UNIT_HEAD' | 'SUPERVISOR' | 'ADMIN'>;
  leaderInCharge?: boolean;
  description: string;
}

export const DEMO_PASSWORD = 'GovFlow#2026';

export const DEMO_USERS: DemoUser[] = [
  { login: 'admin', displayName: '王建国', orgUnitCode: 'BJ-GO', roles: ['ADMIN'], description: '系统管理员（市政府办公厅）' },
  { login: 'supervisor', displayName: '李明华', orgUnitCode: 'BJ-GO', roles: ['SUPERVISOR'], description: '全市督办（市政府办公厅）' },
  { login: 'city-verifier', displayName: '赵丽', orgUnitCode: 'BJ-GO', roles: ['CLERK'], description: '全市核查经办人（市政府办公厅）' },
  { login: 'dc-supervisor', displayName: '孙志强', orgUnitCode: 'BJ-Q01-GO', roles: ['SUPERVISOR'], description: '东城区督办（东城区政府办公室）' },
  { login: 'dc-reviewer', displayName: '周敏', orgUnitCode: 'BJ-Q01-GO', roles: ['CLERK'], description: '区级汇总经办人（东城区政府办公室）' },
  { login: 'fgw-clerk', displayName: '陈静', orgUnitCode: 'BJ-D001', roles: ['CLERK'], description: '政务公开经办人（市发展和改革委员会）' },
  { login: 'fgw-head', displayName: '刘洋', orgUnitCode: 'BJ-D001', roles: ['UNIT_HEAD'], leaderInCharge: true, description: '主要负责同志（市发展和改革委员会）' },
  { login: 'street-clerk', displayName: '吴芳', orgUnitCode: 'BJ-Q01-S01', roles: ['CLERK'], description: '政务公开经办人（东城区东华门街道）' },
  { login: 'street-head', displayName: '郑伟', orgUnitCode: 'BJ-Q01-S01', roles: ['UNIT_HEAD'], leaderInCharge: true, description: '主要负责同志（东城区东华门街道）' },
];
