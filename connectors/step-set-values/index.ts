export { setValuesStep } from './set-values.step';
