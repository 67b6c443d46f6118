"""Locust side of bench/run.sh: FastHttpUser (geventhttpclient), no wait time, GET /.

Run (one process, headless):
  /usr/bin/python3 -m locust -f bench/locustfile.py --headless -u 50 -r 50 -t 20s \
      --host http://127.0.0.1:18080 --csv bench/out/locust --only-summary
Each user has its own keep-alive connection, so 50 users = 50 connections.
"""
from locust import FastHttpUser, constant, task


class Bench(FastHttpUser):
    wait_time = constant(0)

    @task
    def root(self):
        self.client.get("/")
