"""Operations: scheduled jobs (one registry, one scheduler) and a task worker that survives faults.

Every app may import this package (it imports no app): apps register their jobs in
AppConfig.ready() with `config.ops.jobs.register_job`.
"""
