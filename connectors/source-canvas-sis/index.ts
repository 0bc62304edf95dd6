export { canvasSisSource } from './canvas-sis.source';
export type { CanvasSisConfig } from './canvas-sis.config';
