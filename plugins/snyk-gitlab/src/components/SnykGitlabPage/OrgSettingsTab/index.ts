export { OrgSettingsTab } from './OrgSettingsTab';
