export { loadConfig, type Config } from './config';
export { createLogger, maskUrlPassword, type Logger } from './logger';
