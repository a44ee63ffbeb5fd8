"""Speakers across articles: cautious linking by name, dated roles, merge and its undo."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from app.models import (
    Article,
    Attribution,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    SpeakerRole,
)
from app.store import history
from app.store.names import PersonName, normalize_name, person_name, surname
from app.store.outlets import get_or_create_outlet

# Kinds that stay with their article: their descriptions do not identify anyone across articles
# ("Ms. Roe and other officials" in two articles need not be the same people).
PER_ARTICLE_KINDS = {SpeakerKind.anonymous, SpeakerKind.document, SpeakerKind.group}


@dataclass
class SpeakerSpec:
    """What an article tells about one speaker (from the extractor, a gold file or a person)."""

    name: str
    kind: SpeakerKind
    aliases: tuple[str, ...] = ()
    role_title: str | None = None
    role_organization: str | None = None
    descriptor: str | None = None
    plural: bool | None = None
    affiliation: str | None = None
    descriptor_class: str | None = None


PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "who", "you", "his", "its", "their"}


def add_alias(session: Session, speaker: Speaker, alias: str) -> None:
    alias = alias.strip()
    key = normalize_name(alias)
    if not key or key in PRONOUNS or any(a.normalized == key for a in speaker.aliases):
        return
    speaker.aliases.append(_alias_row(alias, key))


def _alias_row(alias: str, normalized: str) -> SpeakerAlias:
    return SpeakerAlias(alias=alias, normalized=normalized, surname=surname(alias))


def names_of(spec: SpeakerSpec) -> tuple[str, ...]:
    """The names to keep as aliases; an outlet's are only those holding a proper name ("the Courier", not
    "the newspaper" or "the report", which merely refer back to it)."""
    names = (spec.name, *spec.aliases)
    if spec.kind != SpeakerKind.outlet:
        return names
    return tuple(n for n in names if is_proper(n) or n == spec.name)


def is_proper(name: str) -> bool:
    """A capitalized word past the first: "The Valley Courier", "CNN"; not "The newspaper", "public radio"."""
    words = name.split()
    return any(w[:1].isupper() for w in words[1:] or words)


def same_person(wanted: PersonName, name: str, aliases: list[str]) -> bool:
    """Whether a stored person (its name and aliases) may be the one `wanted` names.

    Only full names of the same surname speak for or against a match; an alias that is not a name of this
    form (a pronoun, a coordinated phrase) neither links nor blocks."""
    names = [person_name(a) for a in aliases] + [person_name(name)]
    full = [n for n in names if n is not None and n.first is not None and n.last == wanted.last]
    return bool(full) and all(wanted.compatible(n) for n in full)


def resolve_speaker(session: Session, spec: SpeakerSpec, article: Article) -> Speaker:
    """The stored speaker for an article's mention of `spec`, created when none fits exactly: the bulk writer's
    linking (`SpeakerIndex.resolve`) for one mention, its rows written at once. A speaker the session held is
    read again (its name, aliases or outlet may have changed)."""
    from app.store.bulk_speakers import SpeakerIndex

    session.flush()  # what the session holds is what the index reads

    def outlet_id(name: str) -> int:
        outlet = get_or_create_outlet(session, name)
        session.flush()
        return outlet.id

    index = SpeakerIndex(session.connection(), outlet_id)
    row = index.resolve(spec, article.id)
    index.flush()
    assert row.id is not None
    held = session.identity_map.get(identity_key(Speaker, row.id))
    if held is not None:
        session.expire(held)
    return session.get_one(Speaker, row.id)


def relay_speaker(session: Session, article: Article, via: tuple[int, int]) -> Speaker:
    """The speaker a relay mention stands for: its named outlet, or the article's unnamed report."""
    return resolve_speaker(session, relay_spec(article.text, via), article)


def relay_spec(text: str, via: tuple[int, int]) -> SpeakerSpec:
    """What a relay mention tells of its speaker: a named outlet, or else an unnamed report (a document)."""
    from app.extraction.relays import read_relay

    written = text[via[0] : via[1]]
    relay = read_relay(text, via[0], via[1])
    named = relay.kind == "outlet" and not relay.definite
    return SpeakerSpec(
        name=relay.name if named else written.strip(),
        kind=SpeakerKind.outlet if named else SpeakerKind.document,
        aliases=(written,),
    )


def record_role(
    session: Session,
    speaker: Speaker,
    article: Article,
    title: str | None,
    organization: str | None,
    mention: tuple[int, int] | None = None,
) -> None:
    """Note that `article` shows `speaker` holding a title, dated by the article's publication: the bulk
    writer's `SpeakerIndex.record_roles` for one role, its rows written at once."""
    from app.store.bulk_speakers import SpeakerIndex, SpeakerRow

    session.flush()
    index = SpeakerIndex(session.connection(), lambda name: 0)  # records roles only: links no outlet
    row = SpeakerRow(speaker.kind, speaker.name, speaker.outlet_id, id=speaker.id)
    published = article.published_at.date() if article.published_at else None
    index.record_roles(article.id, published, [(row, title or "", organization or "", mention)], stored_before=True)
    session.expire(speaker, ["roles"])


def speaker_snapshot(speaker: Speaker) -> dict[str, Any]:
    return {
        "name": speaker.name,
        "kind": speaker.kind.value,
        "descriptor": speaker.descriptor,
        "plural": speaker.plural,
        "affiliation": speaker.affiliation,
        "descriptor_class": speaker.descriptor_class,
        "merged_into_id": speaker.merged_into_id,
        "aliases": [a.alias for a in speaker.aliases],
    }


def merge_speakers(session: Session, source: Speaker, target: Speaker, actor: str) -> dict[str, Any]:
    """Move everything of `source` onto `target`, keeping what moved so the merge can be undone."""
    if source.id == target.id:
        raise ValueError("a speaker cannot be merged into itself")
    if source.merged_into_id is not None:
        raise ValueError(f"speaker {source.id} is already merged into {source.merged_into_id}")
    if target.merged_into_id is not None:
        raise ValueError(f"speaker {target.id} is merged into {target.merged_into_id}; merge into that one")
    before = speaker_snapshot(source)
    moved = {
        "attributions": list(session.scalars(select(Attribution.id).where(Attribution.speaker_id == source.id))),
        "via": list(session.scalars(select(Attribution.id).where(Attribution.via_speaker_id == source.id))),
        "roles": [r.id for r in source.roles],
        "aliases_added": [],
        "into": target.id,
    }
    session.execute(update(Attribution).where(Attribution.speaker_id == source.id).values(speaker_id=target.id))
    session.execute(update(Attribution).where(Attribution.via_speaker_id == source.id).values(via_speaker_id=target.id))
    session.execute(update(SpeakerRole).where(SpeakerRole.speaker_id == source.id).values(speaker_id=target.id))
    known = {a.normalized for a in target.aliases}
    for alias in source.aliases:
        if alias.normalized not in known:
            target.aliases.append(_alias_row(alias.alias, alias.normalized))
            moved["aliases_added"].append(alias.normalized)
    source.merged_into_id = target.id
    session.flush()
    session.expire(source)
    session.expire(target)
    history.record(
        session,
        actor=actor,
        action="speaker.merge",
        entity_type="speaker",
        entity_id=source.id,
        before=before,
        after=moved,
    )
    return moved


def unmerge_speaker(session: Session, source: Speaker, actor: str) -> None:
    """Undo the last merge of `source`: its attributions, roles and aliases go back to it."""
    from app.models import Change

    if source.merged_into_id is None:
        raise ValueError(f"speaker {source.id} is not merged")
    change = session.scalar(
        select(Change)
        .where(Change.entity_type == "speaker", Change.entity_id == source.id, Change.action == "speaker.merge")
        .order_by(Change.id.desc())
        .limit(1)
    )
    if change is None or not change.after:
        raise ValueError(f"no merge of speaker {source.id} is recorded")
    moved = change.after
    target_id = moved["into"]
    if moved["attributions"]:
        session.execute(
            update(Attribution)
            .where(Attribution.id.in_(moved["attributions"]), Attribution.speaker_id == target_id)
            .values(speaker_id=source.id)
        )
    if moved["via"]:
        session.execute(
            update(Attribution)
            .where(Attribution.id.in_(moved["via"]), Attribution.via_speaker_id == target_id)
            .values(via_speaker_id=source.id)
        )
    if moved["roles"]:
        session.execute(update(SpeakerRole).where(SpeakerRole.id.in_(moved["roles"])).values(speaker_id=source.id))
    if moved["aliases_added"]:
        session.execute(
            SpeakerAlias.__table__.delete().where(
                SpeakerAlias.speaker_id == target_id, SpeakerAlias.normalized.in_(moved["aliases_added"])
            )
        )
    source.merged_into_id = None
    session.flush()
    session.expire_all()
    history.record(
        session,
        actor=actor,
        action="speaker.unmerge",
        entity_type="speaker",
        entity_id=source.id,
        before={"merged_into_id": target_id},
        after={"merged_into_id": None},
    )
