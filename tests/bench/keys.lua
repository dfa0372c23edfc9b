-- Rotates through the bench tenant's 100 consumers' keys (key-1 … key-100).
local i = 0
request = function()
  i = i % 100 + 1
  wrk.headers["apikey"] = "key-" .. i
  return wrk.format(nil)
end
