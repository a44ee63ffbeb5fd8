"""Schemathesis's counts (operations, cases, failures) on each database, from the suite's own fuzz test.

    python benchmarks/fuzz_counts.py [--seconds 50] [--seed 8]

Runs tests/api/test_fuzz_schema.py (all checks, every phase, SQLite and PostgreSQL) and prints one line
per database, e.g. `schemathesis sqlite: 21 operations, 824 cases, 0 failures, 0 errors in 50 s`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=50, help="Fuzzing time per database.")
    parser.add_argument("--seed", default="8", help="Schemathesis seed.")
    args = parser.parse_args()
    env = {
        **os.environ,
        "CLAIMBASE_FUZZ_SECONDS": str(args.seconds),
        "CLAIMBASE_FUZZ_SEED": args.seed,
        "PYTHONPATH": str(ROOT),
    }
    test = "tests/api/test_fuzz_schema.py::test_schemathesis_finds_no_server_error_or_schema_violation"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", test],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("schemathesis ")]
    print("\n".join(lines) if lines else done.stdout[-3000:])
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
