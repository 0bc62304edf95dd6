export { jsonExportSource } from './json-export.source';
