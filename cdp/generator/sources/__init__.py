"""One module per Airbyte connection; each writes its raw tables chunk by chunk."""
