export { InventoryTab } from './InventoryTab';
