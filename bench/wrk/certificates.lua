-- wrk script: POST /api/v2/signingCert with the request bodies in the file named by BODIES (one JSON per line,
-- written by CaLoad --dump, which keeps serving the token issuer meanwhile), round robin; each thread starts at
-- its own offset.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("BODIES")) do
    bodies[#bodies + 1] = line
  end
  next_body = (id * 997) % #bodies
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/api/v2/signingCert", headers, bodies[next_body])
end
