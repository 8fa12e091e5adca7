/** The domain's public surface: what a valid seizure is, in codes both languages can speak. */
export * from './agencies';
export * from './checks';
export * from './datetime';
export * from './issues';
export * from './keys';
export * from './placeholders';
export * from './readiness';
export * from './record';
export * from './save-check';
export * from './schema';
export * from './serial';
export * from './text';
export * from './trace-request';
export * from './trace-request-labels';
export * from './trace-status';
export * from './validate';
export * from './vocab';
