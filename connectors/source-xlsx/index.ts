export { xlsxSource } from './xlsx.source';
export type { XlsxConfig } from './xlsx.config';
