"""`among`: a column among a list of values bound at execution, an IN list on SQLite and one array on
PostgreSQL, whose statement text does not depend on the number of values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from app.models import Claim, ClusterLabel
from app.store.among import among

BY_ID = select(Claim.id).where(among(Claim.id, "ids")).order_by(Claim.id)
BY_LABEL = select(Claim.id).where(among(Claim.cluster_label, "labels")).order_by(Claim.id)


def test_the_rows_are_those_whose_value_is_listed_for_any_number_of_values(session: Session, backend: str) -> None:
    labels = [ClusterLabel.first, ClusterLabel.same, None, ClusterLabel.variant, ClusterLabel.first]
    session.execute(
        insert(Claim),
        [
            {"id": i, "text": f"claim {i}", "fingerprint": f"{i:064d}", "cluster_label": labels[i - 1]}
            for i in range(1, 6)
        ],
    )
    sent: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        sent.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        for ids, found in (([], []), ([4], [4]), ([5, 1, 3, 99], [1, 3, 5]), ([2, 3], [2, 3])):
            assert list(session.scalars(BY_ID, {"ids": ids})) == found
        assert list(session.scalars(BY_LABEL, {"labels": [ClusterLabel.first, ClusterLabel.variant]})) == [1, 4, 5]
    finally:
        event.remove(engine, "before_cursor_execute", record)
    # PostgreSQL: one text for every length of list (parsed and planned once); SQLite: a parameter a value.
    assert len(set(sent[:4])) == (1 if backend == "postgresql" else 4), sent[:4]
