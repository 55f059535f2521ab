export * from './workingCalendar';
