/* The specs' redis-server is the example's. */
export { client, freePort, startRedis, type RedisServer } from '../../../examples/redis-server';
