-- wrk script for bench/run ingest: Alertmanager v4 webhooks, one alert each, every one with a group key of its own.
-- wrk ... -s alertmanager-webhook.lua URL -- PREFIX SECRET [LIMIT] (PREFIX keeps one run's alerts apart from another's;
-- with LIMIT, each of wrk's threads stops once that many of its alerts were answered).
local next_thread = 0
function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  prefix = args[1]
  secret = args[2]
  limit = tonumber(args[3] or "0")
  sent = 0
  answered = 0
end

function response(status, headers, body)
  answered = answered + 1
  if limit > 0 and answered >= limit then
    wrk.thread:stop()
  end
end

function request()
  sent = sent + 1
  local key = prefix .. "-" .. thread_id .. "-" .. sent
  local body = '{"version":"4","groupKey":"{}:{alertname=\\"' .. key .. '\\"}","truncatedAlerts":0,"status":"firing",'
    .. '"receiver":"pipekeeper","groupLabels":{"alertname":"' .. key .. '"},'
    .. '"commonLabels":{"alertname":"' .. key .. '","severity":"warning","job":"node"},'
    .. '"commonAnnotations":{"summary":"disk filling on ' .. key .. '"},"externalURL":"http://alertmanager:9093",'
    .. '"alerts":[{"status":"firing","labels":{"alertname":"' .. key .. '","severity":"warning","job":"node"},'
    .. '"annotations":{"summary":"disk filling on ' .. key .. '"},"startsAt":"2026-12-06T00:00:00Z",'
    .. '"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph","fingerprint":"' .. key .. '"}]}'
  return wrk.format("POST", "/hooks/prometheus", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. secret}, body)
end
