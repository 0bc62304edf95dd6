export { normalizeEmailStep } from './normalize-email.step';
