"""Alembic runs on the connection the app hands it (rag.storage.database.migrate); no alembic.ini needed."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
