"""The use cases: one function per user action, shared by the CLI, the Prefect flow and the review page.

They open the store, call the stages and return plain result values; nothing else outside
tests opens the store.
"""
