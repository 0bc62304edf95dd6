/*
 * What admins do with Ferry, shared by the CLI and the admin API: the moves
 * between records (as pipelines) and the sample files each sink reads.
 * Depends on the engine's types and on connectors' header suggestions.
 */
export * from './move-pipelines';
export * from './sink-template';
export * from './template-files';
