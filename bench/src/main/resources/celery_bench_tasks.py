import os

from celery import Celery

app = Celery("celery_bench_tasks", broker=os.environ.get("CELERY_BENCH_BROKER", "redis://127.0.0.1:6379/15"))


@app.task(ignore_result=True)
def noop():
    return None
