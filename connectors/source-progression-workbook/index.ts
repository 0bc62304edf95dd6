export { progressionWorkbookSource } from './progression-workbook.source';
export type { ProgressionWorkbookConfig } from './progression-workbook.config';
export { readProgressionContent, MAX_CONTENT_NODES, type ContentEntry } from './content-tree';
