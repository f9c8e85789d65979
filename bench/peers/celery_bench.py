"""The peer benchmark: the same workloads as Updraft's, run by Celery 5 with the Redis broker.

Run with Debian's Python and packages (apt-get install python3-celery python3-redis):
    CELERY_BENCH_REDIS=redis://127.0.0.1:6379/15 /usr/bin/python3 bench/peers/celery_bench.py \
        [--tasks 10000] [--chain 200] [--triggers 50]
(scripts/bench runs it.) Empties the Redis database it is given. Prints one JSON object: throughput
(tasks/s), chain hand-off p50/p99 (ms), trigger-to-start p50 (ms), and the peak resident memory of
the worker (its main process and its prefork children, MB). Celery keeps no durable state of its
tasks and this runs it without a result backend; Updraft commits every state change to PostgreSQL,
so these figures are Celery's best case.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import threading
import time

import redis
from celery import Celery, chain

BROKER = os.environ.get("CELERY_BENCH_REDIS", "redis://127.0.0.1:6379/15")
CONCURRENCY = 2
app = Celery("celery_bench", broker=BROKER)
app.conf.update(
    task_ignore_result=True,
    worker_prefetch_multiplier=4,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)
store = redis.Redis.from_url(BROKER)


@app.task(name="noop")
def noop():
    store.incr("bench:done")


@app.task(name="mark")
def mark(i):
    store.rpush("bench:starts", repr(time.time()))


def wait_for(predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.001)
    raise TimeoutError("Celery did not finish within %s s" % timeout)


def percentile(values, p):
    """Nearest rank, as Updraft's bench computes it."""
    ordered = sorted(values)
    index = int(math.ceil(p / 100.0 * len(ordered))) - 1
    return ordered[max(0, min(len(ordered) - 1, index))]


def rss_mb(pid):
    """The worker's main process and its prefork children."""
    total = 0
    try:
        children = open("/proc/%d/task/%d/children" % (pid, pid)).read().split()
        for p in [pid] + [int(c) for c in children]:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
    except OSError:
        pass
    return total / 1024.0


class PeakRss:
    def __init__(self, pid):
        self.pid = pid
        self.peak = 0.0
        self.running = True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self):
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss_mb(self.pid))
        return self.peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--chain", type=int, default=200)
    parser.add_argument("--triggers", type=int, default=50)
    args = parser.parse_args()
    store.flushdb()
    here = os.path.dirname(os.path.abspath(__file__))
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_bench", "worker", "--pool=prefork",
         "--concurrency=%d" % CONCURRENCY, "--loglevel=WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=here, env=dict(os.environ, CELERY_BENCH_REDIS=BROKER),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Warm up: the worker is ready once it has run one task.
        noop.delay()
        wait_for(lambda: int(store.get("bench:done") or 0) >= 1, 60)
        store.delete("bench:done")

        memory = PeakRss(worker.pid)
        start = time.time()
        for _ in range(args.tasks):
            noop.delay()
        wait_for(lambda: int(store.get("bench:done") or 0) >= args.tasks, 600)
        elapsed = time.time() - start
        peak_mb = memory.stop()

        store.delete("bench:starts")
        chain(*[mark.si(i) for i in range(args.chain)]).delay()
        wait_for(lambda: store.llen("bench:starts") >= args.chain, 300)
        starts = [float(s) for s in store.lrange("bench:starts", 0, -1)]
        handoffs = [(b - a) * 1000.0 for a, b in zip(starts, starts[1:])]

        trigger_ms = []
        for _ in range(args.triggers):
            store.delete("bench:starts")
            sent = time.time()
            mark.delay(0)
            wait_for(lambda: store.llen("bench:starts") >= 1, 30)
            trigger_ms.append((float(store.lindex("bench:starts", 0)) - sent) * 1000.0)

        print(json.dumps({
            "peer": "Celery %s (Redis broker, prefork x%d, no result backend)"
                    % (__import__("celery").__version__, CONCURRENCY),
            "tasks": args.tasks,
            "throughput_tasks_per_s": round(args.tasks / elapsed, 1),
            "chain_handoff_p50_ms": round(percentile(handoffs, 50), 3),
            "chain_handoff_p99_ms": round(percentile(handoffs, 99), 3),
            "chain_gaps": len(handoffs),
            "trigger_to_start_p50_ms": round(percentile(trigger_ms, 50), 3),
            "triggers": len(trigger_ms),
            "worker_rss_mb": round(peak_mb, 1),
            "worker_processes": 1 + CONCURRENCY,
        }))
    finally:
        worker.terminate()
        worker.wait(30)
        store.flushdb()


if __name__ == "__main__":
    main()
