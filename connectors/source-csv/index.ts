export { csvSource } from './csv.source';
