/// <reference types="node" preserve="true" />
/* rx-mimo/redis: a workflow's steps in worker processes on several machines, over Redis Streams (needs ioredis). */

/* -------------------------------------------------------------- transport */
export { redis, RedisTransport, type RedisOptions } from './transport';
export type { RedisClient } from './client';

/* ---------------------------------------------------------------- workers */
export { runWorker, type RunWorkerOptions } from './worker';

/* ------------------------------------------------------------------ items */
export { jsonCodec, EncodeError, type Codec } from './codec';
