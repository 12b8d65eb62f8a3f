-- wrk script: GET /api/v1/log/entries?logIndex=N for random N below TREE_SIZE (an entry with its inclusion proof,
-- SET and checkpoint, as clients fetch it).
function init(args)
  size = tonumber(os.getenv("TREE_SIZE"))
  math.randomseed(os.time() + id_seed())
end

function id_seed()
  return math.floor(os.clock() * 1000000) % 1000003
end

function request()
  return wrk.format("GET", "/api/v1/log/entries?logIndex=" .. math.random(0, size - 1))
end
