"""Schemathesis against a live server on each database: every check, every phase (stateful links too).

The server runs on a migrated database holding the sample corpus and an admin token, which the fuzzer
sends, so it reaches the write routes as well as the reads. The run is bounded in time
(CLAIMBASE_FUZZ_SECONDS, default 50 per database, plus about 20 s to set up) and fails on any server
error, any response that breaks the schema (status, media type, headers, body) and any request the
schema calls invalid but the server accepts. Its counts are printed as one line per database (see them
with `pytest -s`); `benchmarks/fuzz_counts.py` runs it and prints only those lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from schemathesis.generation.modes import GenerationMode
from sqlalchemy.orm import Session

from app.api.main import create_app
from app.cli.ingest import load_sample
from app.config import Settings
from app.db import make_engine
from app.ingest.pipeline import extractor_available
from app.migrations_support import upgrade
from app.models import TokenRole
from app.store.tokens import create_token
from tests.api.builders import FIRST, add_article, code
from tests.api.fuzz_hooks import MULTIPART, NDJSON, filter_case, ndjson_lines_conform
from tests.api.serving import serving
from tests.conftest import BACKENDS, ROOT, fresh_database_url

pytestmark = pytest.mark.fuzz

CONFIG = Path(__file__).with_name("schemathesis.toml")
SECONDS = int(os.environ.get("CLAIMBASE_FUZZ_SECONDS", "50"))
# The stateful phase gets its own share of the time, so the other phases cannot use it all up.
STATEFUL_SECONDS = max(1, SECONDS * 2 // 5)
PHASES = {"examples,coverage,fuzzing": SECONDS - STATEFUL_SECONDS, "stateful": STATEFUL_SECONDS}
# A fixed seed makes a failure reproducible; CLAIMBASE_FUZZ_SEED explores other inputs.
SEED = os.environ.get("CLAIMBASE_FUZZ_SEED", "8")


def _seeded(url: str) -> str:
    """Migrate, load the sample corpus, and return the secret of a new admin token."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        load_sample(engine, extract=extractor_available() is None, workers=1)
        with Session(engine) as session:
            secret = create_token(session, "fuzzer", TokenRole.admin).secret
            session.commit()
        return secret
    finally:
        engine.dispose()


def run_schemathesis(base: str, token: str, report: Path, phases: str, seconds: int) -> dict:
    """One bounded run of the Schemathesis CLI; its JSON report."""
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        f"{base}/openapi.json",
        "--checks",
        "all",
        "--phases",
        phases,
        "--max-time",
        str(seconds),
        "--seed",
        SEED,
        "--workers",
        "1",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    # PYTHONPATH: the hooks module (tests/api/fuzz_hooks.py) is imported from the project root.
    env = {**os.environ, "CLAIMBASE_FUZZ_TOKEN": token, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 240)
    if not report.exists():
        pytest.fail(f"schemathesis wrote no report (exit {done.returncode}):\n{done.stdout[-4000:]}{done.stderr}")
    result = json.loads(report.read_text())
    result["output"] = done.stdout
    return result


def summary(backend: str, results: list[dict]) -> str:
    tested = max(r["operations"]["tested"] for r in results)
    cases = sum(r["test_cases"]["generated"] for r in results)
    failures = sum(f["count"] for r in results for f in r["failures"])
    errors = sum(len(r["errors"]) for r in results)
    seconds = sum(r["running_time"] for r in results)
    return (
        f"schemathesis {backend}: {tested} operations, {cases} cases, "
        f"{failures} failures, {errors} errors in {seconds:.0f} s"
    )


@pytest.mark.parametrize(
    "backend", [pytest.param(b, marks=[pytest.mark.postgres] if b == "postgresql" else []) for b in BACKENDS]
)
def test_schemathesis_finds_no_server_error_or_schema_violation(backend: str, tmp_path: Path) -> None:
    gen = fresh_database_url(backend, tmp_path)
    url = next(gen)
    try:
        token = _seeded(url)
        app = create_app(Settings(database_url=url))
        with serving(app) as base:
            results = [
                run_schemathesis(base, token, tmp_path / f"schemathesis-{n}.json", phases, seconds)
                for n, (phases, seconds) in enumerate(PHASES.items())
            ]
    finally:
        gen.close()
    line = summary(backend, results)
    print("\n" + line)
    if os.environ.get("CLAIMBASE_FUZZ_VERBOSE") == "1":
        print("\n".join(r["output"] for r in results))
    fuzzing, stateful = results
    assert fuzzing["operations"]["tested"] == fuzzing["operations"]["total"] > 0, line
    assert stateful["phases"]["stateful"]["status"] not in ("skip", "error"), "no stateful testing: " + line
    for result in results:
        problems = result["failures"] or result["errors"] or result["exit_code"] != 0
        assert not problems, line + "\n" + result["output"][-20000:]


def test_the_ndjson_check_refuses_a_line_that_breaks_the_schema(client: TestClient) -> None:
    article = add_article(client, FIRST, published_at="2024-05-06T09:00:00Z")
    code(client, article, "We will not cut corners on safety", "Marta Q. Lindqvist")
    spec = client.get("/openapi.json").json()
    case = SimpleNamespace(
        operation=SimpleNamespace(
            definition=SimpleNamespace(raw=spec["paths"]["/api/export/attributions"]["get"]),
            schema=SimpleNamespace(raw_schema=spec),
        )
    )
    body = client.get("/api/export/attributions?format=jsonl").content

    def response(content: bytes) -> SimpleNamespace:
        return SimpleNamespace(status_code=200, headers={"content-type": [NDJSON]}, content=content)

    assert ndjson_lines_conform(None, response(body), case) is None
    naive = body.replace(b'Z"', b'"')  # times without their zone break `format: date-time`
    with pytest.raises(AssertionError, match="NDJSON line 1"):
        ndjson_lines_conform(None, response(naive), case)


def test_the_case_filter_drops_only_negative_multipart_forms_valid_as_sent(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = SimpleNamespace(definition=SimpleNamespace(raw=spec["paths"]["/api/articles"]["post"]))

    def negative(media_type: str, body: object) -> SimpleNamespace:
        meta = SimpleNamespace(generation=SimpleNamespace(mode=GenerationMode.NEGATIVE))
        return SimpleNamespace(media_type=media_type, body=body, meta=meta, operation=operation)

    as_text = {"file": b"\xff", "title": 12, "outlet": False, "authors": None, "url": ["a", 2], "extract": "true"}
    assert not filter_case(None, negative(MULTIPART, as_text))
    assert filter_case(None, negative(MULTIPART, {**as_text, "published_at": "not a date"}))
    assert filter_case(None, negative(MULTIPART, {**as_text, "extract": "maybe"}))
    assert filter_case(None, negative(MULTIPART, {"title": "no file"}))
    assert filter_case(None, negative("application/json", {"text": "x", "authors": None}))
    positive = negative(MULTIPART, as_text)
    positive.meta.generation.mode = GenerationMode.POSITIVE
    assert filter_case(None, positive)
