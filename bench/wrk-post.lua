-- wrk side of the latency-accuracy run: the same POST /api/query the engine sends.
wrk.method = "POST"
wrk.body = '{"q":"x"}'
wrk.headers["Content-Type"] = "application/json"
