export { dedupeStep } from './dedupe.step';
