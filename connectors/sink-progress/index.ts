export { progressSink } from './progress.sink';
export { ProgressConfig } from './progress.config';
