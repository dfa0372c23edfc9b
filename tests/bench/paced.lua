-- Paces each connection to one request every PACE_MS milliseconds (wrk has no rate option), for latency at a given load.
local pace = tonumber(os.getenv("PACE_MS") or "1")
function delay() return pace end
