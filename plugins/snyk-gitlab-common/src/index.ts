/**
 * Shared types, statuses and permissions of the snyk-gitlab plugins.
 *
 * @packageDocumentation
 */
export * from './attributes';
export * from './permissions';
export * from './types';
