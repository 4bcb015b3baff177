-- wrk script for bench/run ingest: the same alerts posted to Prometheus Alertmanager's own API (/api/v2/alerts),
-- one alert a request, each with labels of its own. wrk ... -s alertmanager-api.lua URL -- PREFIX
local next_thread = 0
function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  prefix = args[1]
  sent = 0
end

function request()
  sent = sent + 1
  local key = prefix .. "-" .. thread_id .. "-" .. sent
  local body = '[{"labels":{"alertname":"' .. key .. '","severity":"warning","job":"node"},'
    .. '"annotations":{"summary":"disk filling on ' .. key .. '"},"generatorURL":"http://prometheus:9090/graph"}]'
  return wrk.format("POST", "/api/v2/alerts", {["Content-Type"] = "application/json"}, body)
end
