-- wrk script: POSTs pre-signed hashedrekord bodies (one JSON per line in the file named by BODIES, written by
-- TlogLoad --mode dump), each exactly once. WRK_THREADS must equal wrk's -t: thread k takes lines k, k+t, k+2t...
-- When a thread runs out it repeats its last body, which the log answers 409: such answers show up in wrk's
-- "Non-2xx or 3xx responses" line, so a valid run has none.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local threads = tonumber(os.getenv("WRK_THREADS") or "1")
  bodies = {}
  local i = 0
  for line in io.lines(os.getenv("BODIES")) do
    if i % threads == id then
      bodies[#bodies + 1] = line
    end
    i = i + 1
  end
  next_body = 0
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  if #bodies == 0 then
    error("no bodies for this thread: BODIES holds fewer lines than there are threads")
  end
  if next_body < #bodies then
    next_body = next_body + 1
  end
  return wrk.format("POST", "/api/v1/log/entries", headers, bodies[next_body])
end
