"""The work engine. Lives above `models` (it stores its rows there), so that `core` stays free
of model imports and imports keep pointing one way."""

from jinghutong.jobs.engine import (
    JobContext,
    PermanentFailure,
    RetryLater,
    enqueue,
    ensure_periodic_jobs,
    job_handler,
    periodic_job,
    run_due_jobs,
    worker_loop,
)

__all__ = [
    "JobContext",
    "PermanentFailure",
    "RetryLater",
    "enqueue",
    "ensure_periodic_jobs",
    "job_handler",
    "periodic_job",
    "run_due_jobs",
    "worker_loop",
]
