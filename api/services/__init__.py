"""Use cases of the service: keys, consent, audit, records, matching, jobs, statistics.

Routes translate HTTP into calls of these services; the services raise the project's error
family and never know about HTTP.
"""
