"""Each entry's reason in plain Chinese, as the villager reads it in 我的积分:
"8月1日 接警到场处置纠纷并反馈（JA-20240801-0003）"."""

from __future__ import annotations

from datetime import datetime

from jinghutong.core import clock

# What a dispatched case is called when one goes to it.
_DISPATCH_WORDS = {
    "alarm": "警情",
    "dispute": "纠纷",
    "help": "求助",
    "hazard": "险情",
    "clue": "线索",
    "sentiment": "群众诉求",
    "consult": "咨询",
}


def day(at: datetime) -> str:
    local = at.astimezone(clock.SHANGHAI)
    return f"{local.month}月{local.day}日"


def dispatch_feedback(at: datetime, kind: str, number: str) -> str:
    return f"{day(at)} 接警到场处置{_DISPATCH_WORDS.get(kind, '警情')}并反馈（{number}）"


def clue_valid(at: datetime, number: str) -> str:
    return f"{day(at)} 提供的线索经民警核实有效（{number}）"


def caught_in_act(at: datetime, number: str) -> str:
    return f"{day(at)} 提供的线索协助抓获现行（{number}）"


def topped_up(reason: str, already: int) -> str:
    """A caught_in_act award after the clue was already rewarded as valid."""
    return f"{reason}，已按有效线索记{already}分，本次补足差额"


def hazard_confirmed(at: datetime, number: str, title: str) -> str:
    return f"{day(at)} 发现安全隐患“{title[:30]}”，经核实已告知整改（{number}）"


def dispute_settled(at: datetime, number: str, summary: str) -> str:
    return f"{day(at)} 在联户网格内化解矛盾纠纷“{summary[:30]}”（{number}）"


def visit_recorded(at: datetime, households: int) -> str:
    where = f"，走访{households}户" if households else ""
    return f"{day(at)} 走访登记{where}"


def bulletin_all_read(at: datetime, title: str) -> str:
    return f"{day(at)} 所联系的户全部阅读了重要警讯《{title[:30]}》"


def claim(at: datetime, text: str) -> str:
    return f"{day(at)} 申报经审核通过：{text[:60]}"
