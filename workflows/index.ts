export * from './annualReport';
export * from './websiteClosure';
