export { IssueCountChips } from './IssueCountChips';
