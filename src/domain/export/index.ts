// Not re-exported from domain/index.ts: papaparse and the export's columns load with the export
// (the app's export button imports this lazily), not with every screen that reads the domain.
export * from './columns';
export * from './formats';
export * from './audit-wire';
