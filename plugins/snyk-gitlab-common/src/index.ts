/**
 * Shared types, statuses and permissions of the snyk-gitlab plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './attributes';
export * from './links';
export * from './permissions';
export * from './types';
