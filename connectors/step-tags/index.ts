export { tagsStep } from './tags.step';
