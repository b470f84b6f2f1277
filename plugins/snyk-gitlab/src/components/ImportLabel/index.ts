export { ImportLabel } from './ImportLabel';
