/**
 * Shared types, statuses and permissions of the snyk-gitlab plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './attributes';
export * from './bulkImport';
export * from './inventory';
export * from './links';
export * from './orgSettings';
export * from './permissions';
export * from './types';
