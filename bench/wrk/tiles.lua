-- wrk script: GET a random full C2SP tlog-tiles resource of the Rekor v2 log, half level-0 hash tiles and half entry
-- bundles, below FULL_TILES (the number of full tiles), accepting gzip as Go's HTTP client always does.
function init(args)
  full = tonumber(os.getenv("FULL_TILES"))
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) % 1000003)
end

-- C2SP tlog-tiles: the index in groups of three digits, all but the last prefixed "x" (1234067 is x001/x234/067).
local function path_index(n)
  local s = tostring(n)
  s = string.rep("0", (3 - #s % 3) % 3) .. s
  local parts = {}
  for i = 1, #s, 3 do
    local g = s:sub(i, i + 2)
    if i + 2 < #s then g = "x" .. g end
    parts[#parts + 1] = g
  end
  return table.concat(parts, "/")
end

function request()
  local kind = (math.random(0, 1) == 0) and "0" or "entries"
  return wrk.format("GET", "/tile/" .. kind .. "/" .. path_index(math.random(0, full - 1)), { ["Accept-Encoding"] = "gzip" })
end
