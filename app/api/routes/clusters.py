from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from app.api.deps import AdminDep, ReaderDep, SessionDep
from app.api.openapi import error_responses
from app.models import ClaimCluster
from app.queries.clusters import cluster_detail
from app.schemas.claim import ClusterMerge, ClusterRead, ClusterSplit, ClusterSplitResult
from app.schemas.types import IdPath
from app.store.clusters import merge_clusters, split_cluster
from app.store.errors import InputError, NotFound

router = APIRouter(prefix="/clusters", tags=["claims"])


def _get(session: Session, cluster_id: int) -> ClaimCluster:
    cluster = session.get(ClaimCluster, cluster_id)
    if cluster is None:
        raise NotFound("cluster", cluster_id)
    return cluster


@router.get("/{cluster_id}", response_model=ClusterRead, responses=error_responses(404))
def get_cluster(session: SessionDep, _: ReaderDep, cluster_id: IdPath) -> dict[str, Any]:
    """A claim cluster: its wordings and its reports in publication order, labelled against the first."""
    _get(session, cluster_id)
    return cluster_detail(session, cluster_id)


@router.post("/{cluster_id}/split", response_model=ClusterSplitResult, responses=error_responses(404, 409))
def split(session: SessionDep, actor: AdminDep, cluster_id: IdPath, body: ClusterSplit) -> dict[str, Any]:
    """Move some of the cluster's claims into a new cluster (recorded in the change history)."""
    cluster = _get(session, cluster_id)
    try:
        new = split_cluster(session, cluster, body.claim_ids, actor.name)
    except ValueError as exc:
        raise InputError("claim_ids", str(exc), status=409) from exc
    return {"cluster": cluster_detail(session, cluster.id), "new": cluster_detail(session, new.id)}


@router.post("/{cluster_id}/merge", response_model=ClusterRead, responses=error_responses(404, 409))
def merge(session: SessionDep, actor: AdminDep, cluster_id: IdPath, body: ClusterMerge) -> dict[str, Any]:
    """Merge this cluster into another: its claims move there (recorded in the change history)."""
    source = _get(session, cluster_id)
    target = session.get(ClaimCluster, body.into)
    if target is None:
        raise InputError("into", f"no cluster {body.into}")
    try:
        merge_clusters(session, source, target, actor.name)
    except ValueError as exc:
        raise InputError("into", str(exc), status=409) from exc
    return cluster_detail(session, target.id)
