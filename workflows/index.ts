export * from './annualReport';
