"""Linking speakers (the one implementation: `resolve_speaker` runs it for one mention): the rules over an index
of the candidates held in memory for a batch, with the new speakers, aliases and roles written in a few
statements an article.

The index is exact while it lives: it is filled from the database one name key or surname at a time (all the
stored speakers that could be a candidate for it) and every speaker, alias or name the batch writes goes to it
as well as to the database. The writer drops it when an article fails (its rows are rolled back).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import InstrumentedAttribute

from app.models import RoleEvidence, Speaker, SpeakerAlias, SpeakerKind, SpeakerRole
from app.models.base import utcnow
from app.store.claims import LOOKUP_CHUNK
from app.store.names import normalize_name, person_name, surname
from app.store.rows import insert_ids, insert_rows
from app.store.speakers import PER_ARTICLE_KINDS, PRONOUNS, SpeakerSpec, is_proper, names_of, same_person
from app.store.widths import clip_rows


@dataclass(slots=True)
class SpeakerRow:
    """A speaker as linking sees it; `id` is None until the article's new speakers are inserted."""

    kind: SpeakerKind
    name: str
    outlet_id: int | None
    aliases: list[tuple[str, str, str | None]] = field(default_factory=list)  # alias, normalized, surname
    id: int | None = None
    roles: dict[tuple[str, str], int] = field(default_factory=dict)  # (title, organization) -> role id
    roles_read: bool = False  # whether `roles` holds the stored ones


@dataclass(slots=True)
class _Pending:
    """What one article adds: new speakers and aliases in the order the ORM path would insert them."""

    speakers: list[tuple[SpeakerRow, dict[str, object]]] = field(default_factory=list)
    aliases: list[tuple[SpeakerRow, str, str, str | None]] = field(default_factory=list)
    renamed: dict[int, SpeakerRow] = field(default_factory=dict)
    outlet_linked: dict[int, SpeakerRow] = field(default_factory=dict)


def _like_suffix(pattern_tail: str) -> re.Pattern[str]:
    """`LIKE '%tail'` as a regular expression (`_` and `%` in the tail are wildcards there too)."""
    body = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern_tail)
    return re.compile(f".*{body}", re.DOTALL)


class SpeakerIndex:
    """The stored speakers a batch may link to, by alias key (organizations, outlets) and by surname (persons)."""

    def __init__(self, conn: Connection, outlet_id_for: Callable[[str], int]) -> None:
        self.conn = conn
        self.outlet_id_for = outlet_id_for  # name -> outlet id (get_or_create_outlet through the writer's cache)
        self.rows: dict[int, SpeakerRow] = {}
        self.by_key: dict[str, set[int]] = {}  # normalized alias -> speaker ids
        self.by_surname: dict[str, set[int]] = {}
        self.new_rows: list[SpeakerRow] = []  # linkable speakers of this batch, until inserted they have no id
        self.pending = _Pending()

    # -- reading ------------------------------------------------------------------------------------------

    def prefetch(self, specs: Iterable[SpeakerSpec]) -> None:
        """Read in two queries the candidates of every speaker a batch names."""
        keys: set[str] = set()
        surnames: set[str] = set()
        for spec in specs:
            if spec.kind in PER_ARTICLE_KINDS:
                continue
            if spec.kind == SpeakerKind.person:
                wanted = person_name(spec.name)
                if wanted is not None and wanted.first is not None:
                    surnames.add(wanted.last)
            else:
                keys.update(k for k in (normalize_name(n) for n in names_of(spec)) if k)
        self._load(SpeakerAlias.normalized, keys - self.by_key.keys(), self.by_key)
        self._load(SpeakerAlias.surname, surnames - self.by_surname.keys(), self.by_surname)

    def _load(self, column: InstrumentedAttribute[str | None], values: set[str], into: dict[str, set[int]]) -> None:
        wanted = sorted(values)
        for v in wanted:
            into.setdefault(v, set())
        for i in range(0, len(wanted), LOOKUP_CHUNK):
            pairs = self.conn.execute(
                select(column, SpeakerAlias.speaker_id)
                .join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
                .where(
                    column.in_(wanted[i : i + LOOKUP_CHUNK]),
                    Speaker.merged_into_id.is_(None),
                    Speaker.article_id.is_(None),
                )
            ).all()
            self._read_speakers({sid for _, sid in pairs} - self.rows.keys())
            for value, sid in pairs:
                into[value].add(sid)

    def _read_speakers(self, ids: set[int]) -> None:
        wanted = sorted(ids)
        for i in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[i : i + LOOKUP_CHUNK]
            for sid, kind, name, outlet_id in self.conn.execute(
                select(Speaker.id, Speaker.kind, Speaker.name, Speaker.outlet_id).where(Speaker.id.in_(chunk))
            ):
                self.rows[sid] = SpeakerRow(kind, name, outlet_id, id=sid)
            for sid, alias, normalized, sur in self.conn.execute(
                select(SpeakerAlias.speaker_id, SpeakerAlias.alias, SpeakerAlias.normalized, SpeakerAlias.surname)
                .where(SpeakerAlias.speaker_id.in_(chunk))
                .order_by(SpeakerAlias.id)
            ):
                self._index_alias(self.rows[sid], alias, normalized, sur)

    def _index_alias(self, row: SpeakerRow, alias: str, normalized: str, sur: str | None) -> None:
        row.aliases.append((alias, normalized, sur))
        if row.id is None:
            return  # a new speaker is found through `new_rows`
        if normalized in self.by_key:
            self.by_key[normalized].add(row.id)
        if sur is not None and sur in self.by_surname:
            self.by_surname[sur].add(row.id)

    def _candidates(self, spec: SpeakerSpec) -> list[SpeakerRow]:
        """The stored speakers that may be the one `spec` names, from the index (and this batch's new speakers):
        for a person, those with a full name of the surname that `same_person` accepts (a surname alone links
        no one); otherwise those of the kind holding one of its names as an alias."""
        self.prefetch([spec])
        # Rows this article changed are not in the database yet: they are checked by their aliases.
        recent = {id(r): r for r in [*self.new_rows, *(r for r, *_ in self.pending.aliases)]}
        if spec.kind != SpeakerKind.person:
            keys = {k for k in (normalize_name(n) for n in names_of(spec)) if k}
            found = {id(self.rows[i]): self.rows[i] for k in keys for i in self.by_key[k]}
            found.update((i, r) for i, r in recent.items() if any(a[1] in keys for a in r.aliases))
            return [r for r in found.values() if r.kind == spec.kind]
        wanted = person_name(spec.name)
        if wanted is None or wanted.first is None:
            return []
        ends = _like_suffix(wanted.last)
        found = {id(self.rows[i]): self.rows[i] for i in self.by_surname[wanted.last]}
        found.update((i, r) for i, r in recent.items() if any(a[2] == wanted.last for a in r.aliases))
        return [
            r
            for r in found.values()
            if r.kind == SpeakerKind.person
            and any(ends.fullmatch(a[1]) for a in r.aliases)
            and same_person(wanted, r.name, [a[0] for a in r.aliases])
        ]

    # -- linking ------------------------------------------------------------------------------------------

    def resolve(self, spec: SpeakerSpec, article_id: int) -> SpeakerRow:
        """The one stored speaker that fits, else a new one (written by `flush`); two or more fit: abstain from
        linking (a researcher can merge)."""
        if spec.kind not in PER_ARTICLE_KINDS:
            candidates = self._candidates(spec)
            if len(candidates) == 1:
                row = candidates[0]
                if len(spec.name) > len(row.name) and spec.kind == SpeakerKind.person:
                    row.name = spec.name
                    self._touch(self.pending.renamed, row)
                for alias in names_of(spec):
                    self._add_alias(row, alias)
                self._link_outlet(row)
                return row
        row = SpeakerRow(spec.kind, spec.name, None, roles_read=True)  # a new speaker has no roles yet
        values = {
            "kind": spec.kind,
            "name": spec.name,
            "article_id": article_id if spec.kind in PER_ARTICLE_KINDS else None,
            "descriptor": spec.descriptor,
            "plural": spec.plural,
            "affiliation": spec.affiliation,
            "descriptor_class": spec.descriptor_class,
        }
        self._link_outlet(row)
        self.pending.speakers.append((row, values))
        if spec.kind not in PER_ARTICLE_KINDS:
            self.new_rows.append(row)
        for alias in names_of(spec):
            self._add_alias(row, alias)
        return row

    def _touch(self, into: dict[int, SpeakerRow], row: SpeakerRow) -> None:
        if row.id is not None:
            into[row.id] = row

    def _add_alias(self, row: SpeakerRow, alias: str) -> None:
        alias = alias.strip()
        key = normalize_name(alias)
        if not key or key in PRONOUNS or any(a[1] == key for a in row.aliases):
            return
        sur = surname(alias)
        self._index_alias(row, alias, key, sur)
        self.pending.aliases.append((row, alias, key, sur))

    def _link_outlet(self, row: SpeakerRow) -> None:
        if row.kind == SpeakerKind.outlet and row.outlet_id is None and is_proper(row.name):
            row.outlet_id = self.outlet_id_for(row.name)
            self._touch(self.pending.outlet_linked, row)

    # -- writing ------------------------------------------------------------------------------------------

    def flush(self) -> None:
        """Insert the article's new speakers and aliases, and write the names and outlets of linked ones."""
        p, self.pending = self.pending, _Pending()
        now = utcnow()
        if p.speakers:
            rows = [
                {**values, "name": row.name, "outlet_id": row.outlet_id, "created_at": now, "updated_at": now}
                for row, values in p.speakers
            ]
            ids = insert_ids(self.conn, Speaker, rows)
            for (row, _), sid in zip(p.speakers, ids, strict=True):
                row.id = sid
                if row.kind not in PER_ARTICLE_KINDS:
                    self.rows[sid] = row
                    for _, normalized, sur in row.aliases:
                        self.by_key.get(normalized, set()).add(sid)
                        if sur is not None and sur in self.by_surname:
                            self.by_surname[sur].add(sid)
            self.new_rows = [r for r in self.new_rows if r.id is None]
        if p.aliases:
            rows = [{"speaker_id": r.id, "alias": a, "normalized": n, "surname": s} for r, a, n, s in p.aliases]
            insert_rows(self.conn, SpeakerAlias.__table__, rows)
        changed = {**p.renamed, **p.outlet_linked}
        if changed:
            stmt = (
                update(Speaker)
                .where(Speaker.id == bindparam("b_id"))
                .values(name=bindparam("b_name"), outlet_id=bindparam("b_outlet"), updated_at=bindparam("b_at"))
            )
            rows = [{"b_id": sid, "b_name": r.name, "b_outlet": r.outlet_id, "b_at": now} for sid, r in changed.items()]
            self.conn.execute(stmt, clip_rows(Speaker.__table__, rows, {"b_name": "name"}))

    # -- roles --------------------------------------------------------------------------------------------

    def record_roles(
        self,
        article_id: int,
        published: date | None,
        roles: list[tuple[SpeakerRow, str, str, tuple[int, int] | None]],
        stored_before: bool = False,
    ) -> None:
        """For each (speaker, title, organization, mention) the article shows: a role row when new, and this
        article's evidence for it once (`stored_before`: the article may hold evidence from an earlier call)."""
        roles = [(r, t.strip(), o.strip(), m) for r, t, o, m in roles if t.strip() or o.strip()]
        if not roles:
            return
        unread = {r.id: r for r, *_ in roles if not r.roles_read and r.id is not None}
        wanted = sorted(unread)
        for i in range(0, len(wanted), LOOKUP_CHUNK):
            for rid, sid, title, org in self.conn.execute(
                select(SpeakerRole.id, SpeakerRole.speaker_id, SpeakerRole.title, SpeakerRole.organization).where(
                    SpeakerRole.speaker_id.in_(wanted[i : i + LOOKUP_CHUNK])
                )
            ):
                unread[sid].roles[(title, org)] = rid
        for row in unread.values():
            row.roles_read = True
        new = []
        for row, title, org, _ in roles:
            if (title, org) not in row.roles:
                row.roles[(title, org)] = -1 - len(new)  # until inserted
                new.append({"speaker_id": row.id, "title": title, "organization": org})
        if new:
            ids = insert_ids(self.conn, SpeakerRole, new)
            for row, title, org, _ in roles:
                if row.roles[(title, org)] < 0:
                    row.roles[(title, org)] = ids[-row.roles[(title, org)] - 1]
        evidence, seen = [], set()
        if stored_before:
            held = sorted({r.roles[(t, o)] for r, t, o, _ in roles})
            seen.update(
                self.conn.scalars(
                    select(RoleEvidence.role_id).where(
                        RoleEvidence.article_id == article_id, RoleEvidence.role_id.in_(held)
                    )
                )
            )
        for row, title, org, mention in roles:
            role_id = row.roles[(title, org)]
            if role_id not in seen:
                seen.add(role_id)
                evidence.append(
                    {
                        "role_id": role_id,
                        "article_id": article_id,
                        "observed_on": published,
                        "mention_start": mention[0] if mention else None,
                        "mention_end": mention[1] if mention else None,
                    }
                )
        if evidence:
            insert_rows(self.conn, RoleEvidence.__table__, evidence)
