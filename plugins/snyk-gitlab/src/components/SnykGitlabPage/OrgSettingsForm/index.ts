export { OrgSettingsForm } from './OrgSettingsForm';
