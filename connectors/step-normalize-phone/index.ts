export { normalizePhoneStep } from './normalize-phone.step';
