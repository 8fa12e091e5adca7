export * from './keys';
export * from './query';
export * from './rules';
