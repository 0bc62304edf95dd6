export * from './template-source';
export * from './template-engine';
export * from './template-catalog';
export * from './render-email';
export * from './rate-limit';
export * from './mail-transport';
export * from './send-due-emails.use-case';
export * from './drain-outbox';
