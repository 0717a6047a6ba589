/**
 * The scripts of a run on their own, against a real redis-server: a commit or
 * a read that a client sends again after a lost connection (its first answer
 * lost) does nothing more than the first, and a commit that overtakes an
 * earlier one is held back, so that a run resumes on a restarted server.
 */
import type Redis from 'ioredis';
import { COMMIT, READ, evalScript } from '../../src/redis/scripts';
import { GROUP } from '../../src/redis/keys';
import { client, startRedis, type RedisServer } from './support/server';

let server: RedisServer;
let c: Redis;
let runs = 0;

beforeAll(async () => {
  server = await startRedis();
  c = client(server.url);
});
afterAll(async () => {
  c.disconnect();
  await server.stop();
});

/** The keys of a fresh run `{sN}` owned by nobody yet, with an input stream and its group. */
async function fresh() {
  const tag = `{s${++runs}}`;
  const keys = {
    run: `${tag}:run`,
    owner: `${tag}:owner:w#0`,
    seq: `${tag}:seq`,
    base: `${tag}:base`,
    peak: `${tag}:peak`,
    input: `${tag}:in:0`,
    output: `${tag}:out:0`,
  };
  await c.set(keys.run, 'run1');
  await c.xgroup('CREATE', keys.input, GROUP, '0', 'MKSTREAM');
  return keys;
}

describe('rx-mimo/redis scripts', () => {
  it('gives a read sent again (with the same last entry taken in) what the first took, then what is new', async () => {
    const k = await fresh();
    await c.xadd(k.input, '0-1', 'd', '[1]');
    await c.xadd(k.input, '0-2', 'd', '[2]');
    const read = (last: string) =>
      evalScript(c, READ, [k.run, k.owner, k.input], ['run1', 'token1', 0, GROUP, 1000, last]);
    const first = [
      [
        k.input,
        [
          ['0-1', ['d', '[1]']],
          ['0-2', ['d', '[2]']],
        ],
      ],
    ];
    expect(await read('0-0')).toEqual(first);
    expect(await read('0-0')).toEqual(first);
    await c.xadd(k.input, '0-3', 'd', '[3]');
    expect(await read('0-2')).toEqual([[k.input, [['0-3', ['d', '[3]']]]]]);
    expect(await read('0-3')).toEqual([]);
    // Taken once each by the group: the read sent again delivered nothing new.
    expect(await c.xpending(k.input, GROUP)).toEqual([3, '0-1', '0-3', [['token1', '3']]]);
  });

  it('applies a commit sent again once, and holds back one that overtakes an earlier one', async () => {
    const k = await fresh();
    const names = [k.run, k.owner, k.seq, k.base, k.peak, k.output];
    // Commit n adds the entry n to the output stream (KEYS[6]), its data ARGV[6].
    const commit = (n: number) =>
      evalScript(c, COMMIT, names, [
        'run1',
        'token1',
        0,
        GROUP,
        JSON.stringify({ a: [[6, String(n), 6]], k: [], c: [], b: [], x: [], m: [], f: 'w#0', n }),
        `[${n}]`,
      ]);
    const ids = async () => ((await c.xrange(k.output, '-', '+')) as [string, string[]][]).map(([id]) => id);
    expect(await commit(1)).toBe(1);
    expect(await commit(1)).toBe(1);
    expect(await ids()).toEqual(['0-1']);
    expect(await commit(3)).toBe(2);
    expect(await ids()).toEqual(['0-1']);
    expect(await commit(2)).toBe(1);
    expect(await commit(3)).toBe(1);
    expect(await commit(2)).toBe(1);
    expect(await ids()).toEqual(['0-1', '0-2', '0-3']);
  });
});
