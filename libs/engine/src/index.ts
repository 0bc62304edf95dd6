export * from './batches';
export * from './pipeline';
export * from './run-pipeline.use-case';
export * from './run-result';
export * from './plugin-discovery';
export * from './ferry-core.module';
export * from './import-recipe';
