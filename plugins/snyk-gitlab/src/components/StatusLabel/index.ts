export { StatusLabel, STATUS_TEXT } from './StatusLabel';
