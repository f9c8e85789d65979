"""10,000 no-op tasks through Celery 5 with the Redis broker, prefork with 2 processes.

Run by the Updraft benchmark: messages are sent first, then one worker starts; the time runs from
the first message taken to the queue being empty with nothing unacked. Prints tasks_per_second=N.
"""
import os
import subprocess
import sys
import time

import redis

BROKER = os.environ.get("CELERY_BENCH_BROKER", "redis://127.0.0.1:6379/15")
TASKS = int(os.environ.get("CELERY_BENCH_TASKS", "10000"))
HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    sys.path.insert(0, HERE)
    from celery_bench_tasks import app, noop

    r = redis.Redis.from_url(BROKER)
    r.flushdb()
    with app.producer_or_acquire() as producer:
        for _ in range(TASKS):
            noop.apply_async(producer=producer)
    assert r.llen("celery") == TASKS, r.llen("celery")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_bench_tasks", "worker",
         "--pool", "prefork", "--concurrency", "2", "--without-heartbeat",
         "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=HERE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while r.llen("celery") == TASKS:
            time.sleep(0.005)
        start = time.monotonic()
        while r.llen("celery") > 0 or r.hlen("unacked") > 0:
            time.sleep(0.01)
        elapsed = time.monotonic() - start
    finally:
        worker.terminate()
        worker.wait()
    print("seconds=%.2f" % elapsed)
    print("tasks_per_second=%.0f" % (TASKS / elapsed))
