// The strings of the screens that load on demand (the form, a record, settings): fetched for the
// officer's language only, with the first of those screens (../../index.ts).
export { default as seizure } from './seizure.json';
export { default as issues } from './issues.json';
export { default as vocab } from './vocab';
export { default as trace } from './trace.json';
export { default as location } from './location.json';
export { default as photos } from './photos.json';
