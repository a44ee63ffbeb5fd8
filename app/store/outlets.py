"""Outlets by name: "The Valley Courier" and "Valley Courier" are one publication."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Outlet, OutletKind
from app.store.errors import InputError
from app.store.names import normalize_name


def name_forms(name: str) -> list[str]:
    """The lowercased names one outlet may be stored under: as written, folded, and with a leading "the"."""
    key = normalize_name(name)
    return sorted({name.strip().lower(), key, f"the {key}"} - {"", "the "})


def outlet_named(session: Session, name: str) -> Outlet | None:
    """The stored outlet of this name, whatever its case, punctuation or leading article."""
    rows = session.scalars(select(Outlet).where(func.lower(Outlet.name).in_(name_forms(name))).order_by(Outlet.id))
    exact = None
    for outlet in rows:
        if outlet.name == name.strip():
            return outlet
        exact = exact or outlet
    return exact


def get_or_create_outlet(
    session: Session, name: str, kind: OutletKind | None = None, domain: str | None = None
) -> Outlet:
    name = name.strip()
    if not name:
        raise InputError("outlet", "is empty")
    outlet = outlet_named(session, name)
    if outlet is None:
        outlet = Outlet(name=name, kind=kind or OutletKind.other, domain=domain)
        session.add(outlet)
        session.flush()
    else:
        if kind and outlet.kind == OutletKind.other:
            outlet.kind = kind
        if domain and not outlet.domain:
            outlet.domain = domain
    return outlet


def url_domain(url: str | None) -> str | None:
    """The site of a web address, without "www." ("https://www.example.org/a" -> "example.org"); None when
    the address names no host (then it names no outlet either)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def outlet_for_url(session: Session, url: str | None) -> Outlet | None:
    """The outlet of an article no one named: the one known to publish at the address's site, else a new one
    named after the site."""
    domain = url_domain(url)
    if domain is None:
        return None
    known = session.scalar(select(Outlet).where(Outlet.domain == domain).order_by(Outlet.id).limit(1))
    return known or get_or_create_outlet(session, domain, domain=domain)
