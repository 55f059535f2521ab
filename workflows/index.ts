export * from './annualReport';
export * from './campaign';
export * from './websiteClosure';
export * from './calendarChange';
