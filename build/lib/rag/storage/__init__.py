"""Where users' data lives: SQLite on a laptop, PostgreSQL for a team (DATABASE_URL), one code path."""
