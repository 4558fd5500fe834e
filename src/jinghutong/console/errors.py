"""The console's own errors. Errors raised by the services (`core.errors.AppError`) keep their
status and Chinese `detail`; the console shows them as a page (or, for htmx, in the page's
message area) instead of the API's JSON body (console/handlers.py)."""

from __future__ import annotations

from jinghutong.console.drafts import Draft
from jinghutong.core.errors import AppError, Forbidden


class PageForbidden(Forbidden):
    detail = "您的岗位无权打开这个页面。如需使用，请联系管理员开通。"

    def __init__(self, label: str) -> None:
        super().__init__(f"您的岗位无权打开「{label}」页面。如需使用，请联系管理员开通。")


class CsrfRefused(Forbidden):
    detail = (
        "这次提交没有通过安全校验（页面已过期，或不是从本系统的页面提交的），"
        "内容未保存。请返回刷新页面后重新操作。"
    )


class LoginRequired(AppError):
    """A page asked for without a live session: off to the login page, and back after."""

    status = 303
    detail = "请先登录"


class SessionExpired(AppError):
    """A form sent after the session expired (or was revoked): nothing is done, and what was
    typed travels with the login page (console/drafts.py) so that it is not lost."""

    status = 401
    detail = "登录已过期，请重新登录。您刚才填写的内容已保留，登录后会自动填回，请核对后再提交。"

    def __init__(self, draft: Draft | None) -> None:
        super().__init__()
        self.draft = draft
