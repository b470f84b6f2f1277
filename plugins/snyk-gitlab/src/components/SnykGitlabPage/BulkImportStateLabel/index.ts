export { BulkImportStateLabel, BULK_IMPORT_TEXT } from './BulkImportStateLabel';
