-- wrk script for bench/web.sh.
--
--   wrk ... -s bench/web.lua URL -- paths FILE        GET a random line of FILE each request
--   wrk ... -s bench/web.lua URL -- post PATH CSRF    POST a new multipart report to PATH
--
-- The session cookie comes in with -H "Cookie: ...". At the end one line
-- is printed for the script to parse:
--   RESULT requests=N duration_s=S rps=R p50_ms=.. p95_ms=.. p99_ms=.. max_ms=..
--          mean_ms=.. status_errors=N socket_errors=N
-- status_errors counts responses that are neither 2xx nor 3xx.

local threads = {}
local counter = 0
local paths = {}
local mode, arg1, arg2

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_no", #threads)
end

function init(args)
   mode, arg1, arg2 = args[1], args[2], args[3]
   math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919)
   if mode == "paths" then
      for line in io.lines(arg1) do
         if #line > 0 then
            paths[#paths + 1] = line
         end
      end
      if #paths == 0 then
         error("no request paths in " .. arg1)
      end
   elseif mode ~= "post" then
      error("usage: -- paths FILE | -- post PATH CSRF")
   end
end

local boundary = "----kuagerbench7MA4YWxkTrZu0gW"
local places = { "kz-almaty", "kz-astana", "kz-shymkent", "" }
local names = {
   "Ерлан Мендыгазиев", "Асель Естаева", "Yerlan Mendygaziyev",
   "Жанна Тарасова", "Тоқаев Әсет", "Alikhan Toktarov",
}

local function part(name, value)
   return "--" .. boundary .. "\r\n"
      .. 'Content-Disposition: form-data; name="' .. name .. '"\r\n\r\n'
      .. value .. "\r\n"
end

local function report_body(n)
   local who = names[(n % #names) + 1] .. "\n" .. names[((n + 3) % #names) + 1]
   return part("csrf", arg2)
      .. part("what", "Benchmark report " .. n .. " (thread " .. (thread_no or 0) .. "): "
         .. "задержание после мирной акции у здания акимата; родственникам не сообщили. "
         .. "Detained after a peaceful protest; relatives were not informed.")
      .. part("when", "2024-03-0" .. ((n % 9) + 1))
      .. part("place", places[(n % #places) + 1])
      .. part("place_detail", "у здания акимата")
      .. part("who", who)
      .. part("consent", "confidential")
      .. part("contact", "")
      -- An empty file input, as browsers send it.
      .. "--" .. boundary .. "\r\n"
      .. 'Content-Disposition: form-data; name="attachments"; filename=""\r\n'
      .. "Content-Type: application/octet-stream\r\n\r\n\r\n"
      .. "--" .. boundary .. "--\r\n"
end

function request()
   if mode == "post" then
      counter = counter + 1
      -- wrk.format replaces wrk.headers (the -H cookie) when given headers.
      local headers = {}
      for k, v in pairs(wrk.headers) do
         headers[k] = v
      end
      headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
      return wrk.format("POST", arg1, headers, report_body(counter))
   end
   return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f "
         .. "max_ms=%.2f mean_ms=%.2f status_errors=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
      e.status, e.connect + e.read + e.write + e.timeout))
end
