/**
 * The Redis client a run talks through: the few commands of ioredis it uses,
 * so that `rx-mimo/redis` needs ioredis only when given a URL (it is an
 * optional peer dependency) and its declarations name no ioredis type.
 */
import { MimoError } from '../errors';
import { messageOf } from '../describe';

/** What `redis({ client })` needs of a client: an ioredis `Redis` fits. */
export interface RedisClient {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  /** A new connection with the same options (a run opens a few, for its blocking reads). */
  duplicate(): RedisClient;
  quit(): Promise<unknown>;
  /** `ready` when connected (ioredis). */
  readonly status?: string;
  disconnect(): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
  /** The connection closed (ioredis: before it tries to reconnect). */
  on(event: 'close', listener: () => void): unknown;
}

/** Opens connections: duplicates of a given client, or new ioredis clients for a URL. */
export class Connector {
  constructor(
    private readonly url: string | undefined,
    private readonly client: RedisClient | undefined,
  ) {}

  /** Where the connections go, for messages. */
  get where(): string {
    return this.url ?? 'the given client’s server';
  }

  async open(onError: (err: Error) => void): Promise<RedisClient> {
    const client = this.client !== undefined ? this.client.duplicate() : await fromUrl(this.url!);
    client.on('error', onError);
    return client;
  }
}

/** Closes a connection: politely when it is up (what was sent still goes), else at once. */
export async function hangUp(client: RedisClient): Promise<void> {
  if (client.status !== undefined && client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().then(
    () => {},
    () => client.disconnect(),
  );
}

async function fromUrl(url: string): Promise<RedisClient> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import('ioredis')) as unknown as Record<string, unknown>;
  } catch (err) {
    throw new MimoError(
      `redis({ url }): the ioredis package could not be loaded (${messageOf(err)}). Install it (npm install ioredis), or pass a client: redis({ client }).`,
    );
  }
  const Redis = (mod.Redis ?? (mod.default as Record<string, unknown> | undefined)?.Redis ?? mod.default) as new (
    url: string,
    options: object,
  ) => RedisClient;
  // A command waits through 10 attempts to reconnect (about 3 s with ioredis's default delays) before it fails.
  return new Redis(url, { maxRetriesPerRequest: 10 });
}
