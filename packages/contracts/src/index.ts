export * from './article';
export * from './queues';
export * from './redis-keys';
export * from './outcomes';
