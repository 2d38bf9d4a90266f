"""The service's database: tables, migrations and the engine (the system of record)."""
