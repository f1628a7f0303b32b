"""Glue for the customer data platform dbt project: data generation, CLI, syncs."""

__version__ = "0.1.0"
