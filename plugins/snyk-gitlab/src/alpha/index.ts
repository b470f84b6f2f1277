/**
 * The snyk-gitlab plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
