export * from './annualReport';
export * from './campaign';
