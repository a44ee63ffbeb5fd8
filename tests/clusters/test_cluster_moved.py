"""A claim read just before its cluster was merged away still shows the cluster it is in now."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from app.models import Claim, ClaimCluster
from app.queries.claims import claim_detail
from app.queries.clusters import cluster_detail
from app.store.errors import NotFound


def test_a_claim_whose_cluster_was_merged_meanwhile_shows_the_cluster_it_is_in_now(session: Session) -> None:
    old, new = ClaimCluster(), ClaimCluster()
    session.add_all([old, new])
    session.flush()
    claim = Claim(text="the ferry runs on Monday", fingerprint="f" * 64, cluster_id=old.id)
    session.add(claim)
    session.flush()
    # Another request merges the cluster; this session's copy of the claim still names the old one.
    moved = update(Claim).where(Claim.id == claim.id).values(cluster_id=new.id)
    session.execute(moved, execution_options={"synchronize_session": False})
    session.execute(
        delete(ClaimCluster).where(ClaimCluster.id == old.id), execution_options={"synchronize_session": False}
    )
    session.expunge(old)  # this request never read the old cluster itself
    assert claim.cluster_id == old.id
    assert claim_detail(session, claim.id)["cluster"]["id"] == new.id


def test_a_cluster_that_is_gone_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        cluster_detail(session, 2**31 - 1)
