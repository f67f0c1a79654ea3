export { loadConfig, type Config } from './config';
export { createLogger, lazyChild, maskUrlPassword, type Logger } from './logger';
export { hashTagged, isClusterUrl, parseRedisTarget, type RedisTarget } from './redis-target';
