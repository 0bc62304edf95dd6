export * from './run-jobs';
export * from './run-processor';
export * from './run-queue';
export * from './schedule-queue';
export * from './schedule-slots';
export * from './workspace-slots';
export * from './run-launcher';
