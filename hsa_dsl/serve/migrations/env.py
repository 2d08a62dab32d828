"""Alembic's environment for `hsa-dsl serve`: migrations run on the connection the application
gives (see `hsa_dsl.serve.store.migrate`), never on a URL of their own."""

from alembic import context

from hsa_dsl.serve.store import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
