export * from './article';
export * from './queues';
