export { loadConfig, type Config } from './config';
export { createLogger, type Logger } from './logger';
