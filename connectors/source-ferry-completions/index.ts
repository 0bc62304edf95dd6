export { ferryCompletionsSource } from './ferry-completions.source';
