"""`make faults`: the production settings, as the README runs them, with two changes a load test
from one address needs: all 16 clients come from 127.0.0.1, so per-address rate limits would
refuse most writes (that is the limiter working, not the site failing), and plain HTTP on loopback
(no TLS proxy in front), so no redirect to https. And a short task lease, so that the task the killed
worker was running is put back and run within the minute the queue gets to drain (production
keeps 600 s, longer than its slowest task)."""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
if "RATE_LIMITS" in globals():
    RATE_LIMITS = {action: {key: (1_000_000, window) for key, (_count, window) in limits.items()}  # noqa: F405
                   for action, limits in RATE_LIMITS.items()}  # noqa: F405
ACCOUNT_RATE_LIMITS = False
TASK_WORKER = {"LEASE_SECONDS": 20}
