"""The Chinese names of a 社情民意 item's status and urgency (the categories' are in models)."""

from __future__ import annotations

from jinghutong.models import SentimentStatus, Urgency

STATUS_NAMES = {SentimentStatus.open: "待处理", SentimentStatus.handled: "已处理"}
URGENCY_NAMES = {Urgency.normal: "一般", Urgency.urgent: "紧急"}
