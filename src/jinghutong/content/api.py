"""What other domains use from content checks.

    from jinghutong.content.api import check_text, register_verdict_handler, messages

- `await check_text(session_or_none, wechat, openid, text) -> Verdict` (suggest, label,
  checked, needs_review). Never raises for WeChat trouble; never blocks a report.
- `register_verdict_handler("case", handler)`; handler(session, media, MediaVerdict) runs in
  the `content.media_verdict` job when WeChat's verdict on media attached to a case arrives
  (all verdicts, pass included; `verdict.needs_review` for review/risky). Idempotent please.
- `messages.UNDER_REVIEW` / `messages.explanation("media")`: what the villager reads."""

from jinghutong.content import messages
from jinghutong.content.service import Verdict, check_text
from jinghutong.content.verdicts import MediaVerdict, VerdictHandler, register_verdict_handler

__all__ = [
    "MediaVerdict",
    "Verdict",
    "VerdictHandler",
    "check_text",
    "messages",
    "register_verdict_handler",
]
