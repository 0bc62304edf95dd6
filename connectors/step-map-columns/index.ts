export { mapColumnsStep } from './map-columns.step';
