"""A bulletin as an OASIS CAP 1.2 alert (Common Alerting Protocol), for the provincial warning
platforms that take CAP feeds. Element order follows the CAP 1.2 schema; times carry an
explicit offset (CAP forbids "Z"), in Asia/Shanghai; each targeted area is an <area> with its
administrative division code as a geocode."""

from __future__ import annotations

from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.bulletins.authoring.service import checked_audience, load
from jinghutong.core import clock
from jinghutong.core.clock import SHANGHAI
from jinghutong.core.config import Settings
from jinghutong.models import Area, Bulletin, BulletinStatus, Delivery, Person

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
GEOCODE_NAME = "行政区划代码"
# category → (CAP category, urgency, severity, certainty); 风险提示 is the urgent warning.
CAP_TERMS: dict[str, tuple[str, str, str, str]] = {
    "预防未成年人违法犯罪": ("Safety", "Future", "Minor", "Possible"),
    "法治宣传教育": ("Other", "Future", "Minor", "Unknown"),
    "全民禁毒": ("Health", "Future", "Minor", "Possible"),
    "反诈宣传": ("Security", "Expected", "Moderate", "Likely"),
    "防邪宣传": ("Security", "Future", "Minor", "Possible"),
    "平安建设": ("Safety", "Future", "Minor", "Unknown"),
    "扫黑除恶": ("Security", "Future", "Minor", "Possible"),
    "风险提示": ("Safety", "Expected", "Moderate", "Likely"),
}
MAX_AREAS = 100


def cap_time(value: datetime) -> str:
    """CAP dateTime: 2026-11-28T09:00:00+08:00 (no fractions, no "Z")."""
    return value.astimezone(SHANGHAI).replace(microsecond=0).isoformat()


def terms(bulletin: Bulletin) -> tuple[str, str, str, str]:
    category, urgency, severity, certainty = CAP_TERMS.get(
        bulletin.category, ("Other", "Unknown", "Unknown", "Unknown")
    )
    if bulletin.important:
        urgency = "Immediate" if bulletin.category == "风险提示" else "Expected"
        severity = "Severe" if bulletin.category == "风险提示" else "Moderate"
    return category, urgency, severity, certainty


async def target_areas(session: AsyncSession, person_id: str, bulletin: Bulletin) -> list[Area]:
    """The areas the spec names; for audiences named by household or person, their villages."""
    checked = await checked_audience(session, bulletin.author_id, bulletin)
    if checked.areas:
        return checked.areas[:MAX_AREAS]
    villages = select(Delivery.village_id).where(
        Delivery.bulletin_id == bulletin.id, Delivery.village_id.is_not(None)
    )
    query = select(Area).where(Area.id.in_(villages.distinct())).order_by(Area.name)
    return list((await session.scalars(query.limit(MAX_AREAS))).all())


def _text(parent: Element, tag: str, value: str) -> Element:
    node = SubElement(parent, tag)
    node.text = value
    return node


def render(bulletin: Bulletin, areas: list[Area], settings: Settings, sender_name: str) -> bytes:
    alert = Element("alert", xmlns=CAP_NS)
    host = settings.public_base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    sent = bulletin.published_at or bulletin.created_at
    identifier = f"jinghutong.{bulletin.id}"
    _text(
        alert,
        "identifier",
        identifier + ("-cancel" if bulletin.status == BulletinStatus.cancelled else ""),
    )
    _text(alert, "sender", f"jinghutong@{host}")
    _text(
        alert,
        "sent",
        cap_time(clock.now() if bulletin.status == BulletinStatus.cancelled else sent),
    )
    _text(alert, "status", "Draft" if bulletin.status == BulletinStatus.draft else "Actual")
    if bulletin.status == BulletinStatus.cancelled:
        _text(alert, "msgType", "Cancel")
        _text(alert, "scope", "Public")
        _text(alert, "references", f"jinghutong@{host},{identifier},{cap_time(sent)}")
    else:
        _text(alert, "msgType", "Alert")
        _text(alert, "scope", "Public")
    category, urgency, severity, certainty = terms(bulletin)
    info = SubElement(alert, "info")
    _text(info, "language", "zh-CN")
    _text(info, "category", category)
    _text(info, "event", bulletin.category)
    _text(info, "urgency", urgency)
    _text(info, "severity", severity)
    _text(info, "certainty", certainty)
    if bulletin.expires_at is not None:
        _text(info, "expires", cap_time(bulletin.expires_at))
    _text(info, "senderName", sender_name)
    _text(info, "headline", bulletin.title)
    _text(info, "description", bulletin.body)
    _text(info, "contact", f"{settings.station_name} {settings.station_phone}")
    for area in areas:
        node = SubElement(info, "area")
        _text(node, "areaDesc", area.name)
        if area.code:
            geocode = SubElement(node, "geocode")
            _text(geocode, "valueName", GEOCODE_NAME)
            _text(geocode, "value", area.code)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(
        alert, encoding="utf-8", xml_declaration=False
    )


async def export(session: AsyncSession, me: Person, bulletin_id: str, settings: Settings) -> bytes:
    bulletin = await load(session, me, bulletin_id)
    areas = await target_areas(session, me.id, bulletin)
    return render(bulletin, areas, settings, settings.station_name)
