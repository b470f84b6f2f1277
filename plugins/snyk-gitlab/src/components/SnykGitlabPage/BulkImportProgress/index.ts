export { BulkImportProgress, POLL_MS } from './BulkImportProgress';
