"""What both Splink child processes (splink_run.py, splink_defaults_run.py) share: the job they
read, the phase clock and the report they write. Runs in `.venv-splink` (`python -m
bench.splink_run` from the project root), and imports nothing of the project.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path
from typing import Any


class SplinkChild:
    """Reads JOB.json, creates its output directory and times named phases."""

    def __init__(self, job_path: str) -> None:
        self.started = time.perf_counter()
        self.job: dict[str, Any] = json.loads(Path(job_path).read_text())
        self.output = Path(self.job["output_dir"])
        self.output.mkdir(parents=True, exist_ok=True)
        self.phases: dict[str, float] = {}

    def phase(self, name: str, since: float) -> float:
        """Record `name` as the time since `since`; return now, the next phase's start."""
        now = time.perf_counter()
        self.phases[name] = now - since
        return now

    def write_outputs(
        self,
        con: Any,
        linker: Any,
        predictions: Any,
        clusters: Any,
        prediction_columns: str,
        cluster_columns: str,
    ) -> None:
        """predictions.parquet and clusters.parquet with the columns the parent reads, and
        Splink's model.json."""
        con.execute(
            f"copy (select {prediction_columns} from {predictions.physical_name}) "
            f"to '{self.output / 'predictions.parquet'}' (format parquet)"
        )
        con.execute(
            f"copy (select {cluster_columns} from {clusters.physical_name}) "
            f"to '{self.output / 'clusters.parquet'}' (format parquet)"
        )
        linker.misc.save_model_to_json(str(self.output / "model.json"), overwrite=True)

    def write_report(self, splink_version: str, duckdb_version: str, predicted_pairs: int) -> None:
        """phases.json: seconds per phase and in all, peak RSS, CPU time, predicted pairs."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        report = {
            "splink_version": splink_version,
            "duckdb_version": duckdb_version,
            "phases": self.phases,
            "total_seconds": time.perf_counter() - self.started,
            # ru_maxrss is KiB on Linux: the same measure the dbt side reports.
            "peak_rss_mib": usage.ru_maxrss / 1024,
            # User + system seconds of all its threads: less sensitive to other work than wall.
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "predicted_pairs": predicted_pairs,
        }
        (self.output / "phases.json").write_text(json.dumps(report, indent=2))
