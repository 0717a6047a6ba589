/**
 * The Lua scripts a run uses. Each runs atomically in Redis, so a commit's
 * outputs, its acknowledgements and the credit it gives back happen together
 * or not at all, and only for the process that still owns its part of the run.
 */
import type { RedisClient } from './client';

/** A script and its SHA-1 (computed by Redis on first use). */
export interface Script {
  readonly name: string;
  readonly lua: string;
  sha?: string;
}

/** The owner check every write starts with: this process still owns its part (taking it back when nobody else took it). */
const OWNS = `
local function owns(run, owner, runId, token, px)
  if redis.call('GET', run) ~= runId then return false end
  local cur = redis.call('GET', owner)
  if cur == token then return true end
  if cur then return false end
  if tonumber(px) > 0 then redis.call('SET', owner, token, 'PX', px) else redis.call('SET', owner, token) end
  return true
end
`;

/**
 * Takes a part of a run: KEYS run, owner, credit stream, seq, base, then the
 * part's output streams; ARGV runId, token, lease (ms, 0: none). Answers
 * 'gone' (another run), 'taken' (a live owner), or 'ok' and, per output
 * stream, its length, last committed sequence number and the sequence number
 * of the last commit that acknowledged everything it had taken in.
 */
export const CLAIM: Script = {
  name: 'claim',
  lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'gone'} end
local cur = redis.call('GET', KEYS[2])
if cur and cur ~= ARGV[2] then return {'taken'} end
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) else redis.call('SET', KEYS[2], ARGV[2]) end
redis.call('DEL', KEYS[3])
local out = {'ok'}
for i = 6, #KEYS do
  table.insert(out, redis.call('XLEN', KEYS[i]))
  table.insert(out, redis.call('HGET', KEYS[4], KEYS[i]) or '0')
  table.insert(out, redis.call('HGET', KEYS[5], KEYS[i]) or '0')
end
return out
`,
};

/** Renews the lease: KEYS run, owner; ARGV runId, token, lease. 1: renewed, 0: another process owns the part. */
export const HEARTBEAT: Script = {
  name: 'heartbeat',
  lua: `${OWNS}
if owns(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3]) then return 1 end
return 0
`,
};

/**
 * A commit. KEYS run, owner, seq, base, peak, then the streams the plan
 * names by index; ARGV runId, token (also the consumer name), lease, group,
 * the plan as JSON, then the entries' data (each pack as its codec made it,
 * not encoded again inside the plan):
 *   a: entries to add   [stream, id, data (index in ARGV; 0: the end)]
 *   k: entries to ack   [stream, [ids]]   (each must be pending for this consumer)
 *   c: credit notices   [credit stream, channel, n, cancel]
 *   b: consistent points [stream name, seq]
 *   x: control messages and credit notices read [stream, [ids]], deleted
 *   m: control messages to send [control stream, message], from the part `f`
 *   n: the commit's number (each process numbers its commits 1, 2, …)
 * A commit whose number is not above the last one this process committed was
 * applied already (sent again by the client after a lost connection, its
 * answer lost): it answers 1 and does nothing. One whose number is more than
 * one above came before an earlier one (that one was sent again after
 * loading the script into a restarted server): it answers 2 and does nothing,
 * to be sent again once the earlier one is in. An entry whose id is not above
 * the stream's last committed one is a resend (of a process taken over) and is
 * left out. Answers 1, or 0 when this process no longer owns its part.
 * Control messages, and deleting what was read, belong here, behind the
 * owner check: a process taken over, still reading its part's control and
 * credit streams until it learns it, must neither delete what the new owner
 * has yet to read nor speak for the part.
 */
export const COMMIT: Script = {
  name: 'commit',
  lua: `${OWNS}
if not owns(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3]) then return 0 end
local group = ARGV[4]
local p = cjson.decode(ARGV[5])
local counter = 'commit:' .. ARGV[2]
local applied = tonumber(redis.call('HGET', KEYS[3], counter) or '0')
if p.n <= applied then return 1 end
if p.n > applied + 1 then return 2 end
redis.call('HSET', KEYS[3], counter, p.n)
for _, k in ipairs(p.k) do
  local key = KEYS[k[1]]
  for _, id in ipairs(k[2]) do
    local pend = redis.call('XPENDING', key, group, id, id, 1)
    if pend[1] == nil or pend[1][2] ~= ARGV[2] then return 0 end
  end
end
local added = {}
for _, a in ipairs(p.a) do
  local key = KEYS[a[1]]
  local last = tonumber(redis.call('HGET', KEYS[3], key) or '0')
  if tonumber(a[2]) > last then
    if a[3] == 0 then
      redis.call('XADD', key, '0-' .. a[2], 'e', '1')
    else
      redis.call('XADD', key, '0-' .. a[2], 'd', ARGV[a[3]])
    end
    redis.call('HSET', KEYS[3], key, a[2])
    added[key] = true
  end
end
for key in pairs(added) do
  local n = redis.call('XLEN', key)
  if n > tonumber(redis.call('HGET', KEYS[5], key) or '0') then redis.call('HSET', KEYS[5], key, n) end
end
for _, k in ipairs(p.k) do
  local key = KEYS[k[1]]
  for i = 1, #k[2], 500 do
    local ids = {}
    for j = i, math.min(i + 499, #k[2]) do table.insert(ids, k[2][j]) end
    redis.call('XACK', key, group, unpack(ids))
    redis.call('XDEL', key, unpack(ids))
  end
end
for _, c in ipairs(p.c) do
  redis.call('XADD', KEYS[c[1]], '*', 's', c[2], 'n', c[3], 'x', c[4])
end
for _, b in ipairs(p.b) do redis.call('HSET', KEYS[4], b[1], b[2]) end
for _, x in ipairs(p.x) do
  for i = 1, #x[2], 500 do redis.call('XDEL', KEYS[x[1]], unpack(x[2], i, math.min(i + 499, #x[2]))) end
end
for _, m in ipairs(p.m) do redis.call('XADD', KEYS[m[1]], '*', 'f', p.f, 'm', m[2]) end
return 1
`,
};

/**
 * Takes in what is new on the part's input streams, only while this process
 * owns the part: KEYS run, owner, then the streams; ARGV runId, token, lease,
 * group, count, then per stream the last entry this process took in. A
 * process that was silent, and was taken over, so takes nothing in (a
 * blocking XREADGROUP would still be served after a takeover). Answers 0 when
 * the part is not this process's any more, else, per stream, the entries
 * delivered to this process past the last it took in (a read sent again after
 * a lost connection, whose first answer was lost, gets them again), or else
 * the new ones.
 */
export const READ: Script = {
  name: 'read',
  lua: `${OWNS}
if not owns(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3]) then return 0 end
local out = {}
for i = 3, #KEYS do
  local got = redis.call('XREADGROUP', 'GROUP', ARGV[4], ARGV[2], 'COUNT', ARGV[5], 'STREAMS', KEYS[i], ARGV[i + 3])
  if not (got and #got[1][2] > 0) then
    got = redis.call('XREADGROUP', 'GROUP', ARGV[4], ARGV[2], 'COUNT', ARGV[5], 'STREAMS', KEYS[i], '>')
  end
  if got and #got[1][2] > 0 then table.insert(out, got[1]) end
end
return out
`,
};

/** Runs `script` by its SHA-1, loading it when Redis does not know it (first use, or a restarted server). */
export async function evalScript(
  client: RedisClient,
  script: Script,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  if (script.sha !== undefined) {
    try {
      return await client.call('EVALSHA', script.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
    }
  }
  script.sha = (await client.call('SCRIPT', 'LOAD', script.lua)) as string;
  return client.call('EVALSHA', script.sha, keys.length, ...keys, ...args);
}
