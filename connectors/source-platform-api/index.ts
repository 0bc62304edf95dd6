export { platformApiSource } from './platform-api.source';
