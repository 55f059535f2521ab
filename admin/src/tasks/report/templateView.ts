/** The template's data the tables draw from (domain/annual-report: 国办公开办函〔2021〕30号). */
export { columnSpec, SECTIONS, T3_GROUPS, T3_RECONCILIATION_NOTE, T3_RESULTS_HEADING, TABLES, type TableKey } from '@domain/annual-report';
