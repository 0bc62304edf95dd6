export { rowFixesStep } from './row-fixes.step';
export { rowKey, ROW_KEY } from './row-fixes.config';
