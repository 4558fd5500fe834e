"""What a fresh emulator knows: subscribe-message templates (data key → field kind) and the
words its text check flags. Tests add more with `register_template` / `add_risky_word`."""

from __future__ import annotations

DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "tmpl_case_progress": {
        "thing1": "thing",
        "time2": "time",
        "phrase3": "phrase",
        "thing4": "thing",
        "character_string5": "character_string",
    },
    "tmpl_bulletin": {"thing1": "thing", "date2": "date", "name3": "name", "thing4": "thing"},
    # 家庭成员申请: 事项, 状态, 时间, 说明.
    "tmpl_membership": {"thing1": "thing", "phrase2": "phrase", "time3": "time", "thing4": "thing"},
    "tmpl_visit_reminder": {
        "thing1": "thing",
        "time2": "time",
        "phone_number3": "phone_number",
        "number4": "number",
    },
}
# word → (suggest, label); labels as in msg_sec_check v2 (20008 fraud, 20003 abuse).
DEFAULT_RISKY_WORDS: dict[str, tuple[str, int]] = {
    "代开发票": ("risky", 20008),
    "办证": ("risky", 20008),
    "刷单返利": ("risky", 20008),
    "傻逼": ("risky", 20003),
    "贷款": ("review", 20008),
}
