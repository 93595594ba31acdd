/**
 * GCRA (generic cell rate algorithm, the "virtual scheduling" form of a token bucket) over several
 * keys at once, in one atomic script, so every gateway instance sharing the Redis sees one budget.
 *
 * Each key holds a TAT ("theoretical arrival time", in ms of the Redis clock). A budget of `limit`
 * requests per `window` ms spends `window / limit` ms of TAT per request; a request is admitted when
 * the TAT it would leave is at most `window` ahead of now. So an idle caller may burst the whole
 * limit at once and then gets one request every `window / limit` ms: no fixed-window edge where
 * twice the limit passes in a moment, one small key per subject, and it expires once the budget is
 * full again. Time comes from Redis (`TIME`), so gateway clocks need not agree.
 *
 * KEYS: the subjects' keys. ARGV[1]: window ms; ARGV[2]: cost in requests (negative: a refund, never
 * refused); ARGV[3]: the most extra requests to lease (see budget-leases.ts); ARGV[4..]: each key's
 * limit. A request is charged to every key or to none. An admitted request also takes a lease of
 * up to ARGV[3] whole requests, at most a sixteenth of what the tightest budget has left, so a
 * budget close to its end is charged one request at a time.
 * Returns { admitted (1/0), retryAfterMs, leased, then per key: remaining requests, ms until full }.
 */
export const GCRA_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local leaseMax = tonumber(ARGV[3])
local admitted = 1
local retryAfter = 0
local tats = {}
for i, key in ipairs(KEYS) do
  local interval = window / tonumber(ARGV[3 + i])
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then tat = now end
  local next = tat + cost * interval
  if next < now then next = now end
  if cost > 0 and next - now > window then
    admitted = 0
    retryAfter = math.max(retryAfter, next - now - window)
  end
  tats[i] = { tat, next, interval }
end
local leased = 0
if admitted == 1 and cost > 0 and leaseMax > 0 then
  local fewest = nil
  for i, key in ipairs(KEYS) do
    local left = math.floor((window - (tats[i][2] - now)) / tats[i][3] + 1e-6)
    if fewest == nil or left < fewest then fewest = left end
  end
  leased = math.max(0, math.min(leaseMax, math.floor(fewest / 16)))
  for i, key in ipairs(KEYS) do
    tats[i][2] = tats[i][2] + leased * tats[i][3]
  end
end
local result = { admitted, math.ceil(retryAfter), leased }
for i, key in ipairs(KEYS) do
  local tat, next, interval = tats[i][1], tats[i][2], tats[i][3]
  local kept = tat
  if admitted == 1 then kept = next end
  if admitted == 1 and kept ~= tat then
    if kept > now then
      redis.call('SET', key, string.format('%.17g', kept), 'PX', math.ceil(kept - now))
    else
      redis.call('DEL', key)
    end
  end
  table.insert(result, math.floor((window - (kept - now)) / interval + 1e-6))
  table.insert(result, math.ceil(kept - now))
end
return result
`;
