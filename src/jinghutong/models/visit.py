"""走访 visits and 社情民意 items.

A visit is one call at one or more households (or a walk round a place) by a 村警, 联户长, 辅警
or 民警: when, who was met, what about, what was heard, whether it was settled on the spot and
what follows. `VisitHousehold` keeps one row per household visited, with the visit's time, so
"which households has nobody visited in N days" is one indexed anti-join.

A sentiment item (社情民意) is what people want, suggest or are unsettled by, recorded from a
visit or on its own, tagged and graded, and rolled up per village."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class VisitTopic(StrEnum):
    basic_info = "basic_info"  # 基础信息采集
    sentiment = "sentiment"  # 社情民意
    hazard = "hazard"  # 安全隐患
    dispute = "dispute"  # 矛盾纠纷
    policy = "policy"  # 政策宣传
    errand = "errand"  # 代办服务
    care = "care"  # 关爱帮扶
    prevention = "prevention"  # 治安防范
    other = "other"  # 其他


VISIT_TOPIC_NAMES = {
    VisitTopic.basic_info: "基础信息采集",
    VisitTopic.sentiment: "社情民意",
    VisitTopic.hazard: "安全隐患",
    VisitTopic.dispute: "矛盾纠纷",
    VisitTopic.policy: "政策宣传",
    VisitTopic.errand: "代办服务",
    VisitTopic.care: "关爱帮扶",
    VisitTopic.prevention: "治安防范",
    VisitTopic.other: "其他",
}


class Visit(IdMixin, CreatedMixin, Base):
    __tablename__ = "visits"

    # Where: the first household's micro-grid, else the area the visitor named.
    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    visitor_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    visitor_role: Mapped[str] = mapped_column(String(20))  # the role it was recorded under
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    met: Mapped[str] = mapped_column(String(200), default="")  # who was met
    text: Mapped[str] = mapped_column(Text, default="")  # what was heard
    media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)  # voice first, photos
    solved_on_spot: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up: Mapped[str | None] = mapped_column(Text)  # what follows, if anything
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index(
            "ix_visits_area_path", "area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        ),
        Index("ix_visits_visitor_visited", "visitor_id", "visited_at"),
    )


class VisitHousehold(Base):
    __tablename__ = "visit_households"

    visit_id: Mapped[str] = mapped_column(
        ID, ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True
    )
    household_id: Mapped[str] = mapped_column(ID, ForeignKey("households.id"), primary_key=True)
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_visit_households_household", "household_id", "visited_at"),)


class SentimentCategory(StrEnum):
    demand = "demand"  # 诉求
    suggestion = "suggestion"  # 建议
    instability = "instability"  # 不稳定因素
    complaint = "complaint"  # 意见
    other = "other"  # 其他


SENTIMENT_CATEGORY_NAMES = {
    SentimentCategory.demand: "诉求",
    SentimentCategory.suggestion: "建议",
    SentimentCategory.instability: "不稳定因素",
    SentimentCategory.complaint: "意见",
    SentimentCategory.other: "其他",
}


class Urgency(StrEnum):
    normal = "normal"  # 一般
    urgent = "urgent"  # 紧急: the area officer is told at once


class SentimentStatus(StrEnum):
    open = "open"  # 待处理
    handled = "handled"  # 已处理


class SentimentItem(IdMixin, CreatedMixin, Base):
    __tablename__ = "sentiment_items"

    # The village (or below) it concerns; `village_id` keeps the roll-up one GROUP BY.
    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    village_id: Mapped[str | None] = mapped_column(ID, ForeignKey("areas.id"))
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    recorder_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    category: Mapped[str] = mapped_column(String(12))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)  # 土地, 环境, 治安 …
    urgency: Mapped[str] = mapped_column(String(8), default=Urgency.normal)
    text: Mapped[str] = mapped_column(Text, default="")
    media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(8), default=SentimentStatus.open)
    handled_note: Mapped[str | None] = mapped_column(String(500))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        Index(
            "ix_sentiment_items_area_path",
            "area_path",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_sentiment_items_village_created", "village_id", "created_at"),
    )
