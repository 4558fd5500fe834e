"""The `jinghutong` command: serve | api | worker | migrate | demo | backup | restore | openapi …"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinghutong.core.config import EMULATOR_MOUNT, Settings
from jinghutong.core.gc_tuning import freeze_startup_heap

if TYPE_CHECKING:  # imported lazily: `jinghutong demo accounts` need not load the server
    from jinghutong.core.db import Database
    from jinghutong.integrations.wechat.service import WechatService


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    if getattr(args, "data_dir", None):
        overrides["data_dir"] = Path(args.data_dir)
    port = getattr(args, "port", None)
    if port and not os.environ.get("JHT_PUBLIC_BASE_URL"):
        host = args.host if args.host not in ("0.0.0.0", "::", "") else "127.0.0.1"  # noqa: S104
        overrides["public_base_url"] = f"http://{host}:{port}"
    settings = Settings(**overrides)  # type: ignore[arg-type]
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.clock_skew_seconds:
        from jinghutong.core import clock

        clock.set_skew(settings.clock_skew_seconds)
    return settings


def _migrate(settings: Settings) -> None:
    from jinghutong.core.migrate import upgrade_to_head

    upgrade_to_head(settings.resolved_database_url)


@dataclass
class Resources:
    db: Database
    wechat: WechatService


@asynccontextmanager
async def _opened(settings: Settings) -> AsyncIterator[Resources]:
    """What a command outside the server needs: the keys, the database and WeChat, closed after."""
    from jinghutong.core import crypto
    from jinghutong.core.db import Database
    from jinghutong.integrations.wechat.service import WechatService
    from jinghutong.notifications.templates import configure_template_ids

    crypto.configure(settings.secret_key.get_secret_value())
    configure_template_ids(settings.wechat.templates)
    db = Database(settings.resolved_database_url, pool_size=settings.database_pool_size)
    wechat = WechatService(settings, db)
    try:
        yield Resources(db, wechat)
    finally:
        await wechat.aclose()
        await db.dispose()


async def _load_demo_if_empty(settings: Settings) -> dict[str, object] | None:
    from jinghutong.core.passwords import hash_password
    from jinghutong.demo.generator import DEMO_PASSWORD
    from jinghutong.demo.loader import database_is_empty, load_demo
    from jinghutong.households.codes.service import ensure_all_codes

    async with _opened(settings) as r:
        if not await database_is_empty(r.db):
            return None
        summary = await load_demo(r.db, settings.demo.seed, hash_password(DEMO_PASSWORD))
        # Every household gets its 一户一码 up front: a scene cannot be traced back otherwise.
        await ensure_all_codes(r.db)
        return summary


def _print_banner(settings: Settings, loaded: dict[str, object] | None) -> None:
    base = settings.public_base_url.rstrip("/")
    lines = [
        "",
        "警户通 已启动 / jinghutong is running",
        f"  API           {base}/api/v1   (接口文档 {base}/docs)",
        f"  控制台        {base}/console/  (值班室、民警、所长用浏览器登录)",
        f"  健康检查      {base}/healthz  {base}/readyz  {base}/metrics",
        f"  数据目录      {settings.data_dir.resolve()}",
    ]
    if settings.wechat.emulated:
        lines.append(f"  微信模拟器    {base}{EMULATOR_MOUNT}  (未配置真实 AppID，使用内置模拟器)")
    if loaded:
        lines.append(f"  演示数据      已载入 {loaded}")
    lines += [
        "",
        "How to log in:",
        f"  staff (browser):  {base}/console/ as zb01 (duty room), chief, mj01, cj01 … with the "
        "password jht-demo-2026",
        "                    (the API: POST /api/v1/auth/password {username, password})",
        "  villager (mini-program): POST /wechat-emulator/device/login {openid} → {code}, then",
        "                           POST /api/v1/auth/wechat {code}",
        "  all demo identities:     jinghutong demo accounts --json",
        "",
    ]
    print("\n".join(lines), flush=True)


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from jinghutong.app import create_app

    started = time.perf_counter()
    settings = _settings(args)
    _migrate(settings)
    loaded = asyncio.run(_load_demo_if_empty(settings)) if settings.demo.load_on_empty else None
    app = create_app(settings, run_worker=True)
    _print_banner(settings, loaded)
    print(f"  ready to start in {time.perf_counter() - started:.1f} s", flush=True)
    freeze_startup_heap()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=True)


def cmd_api(args: argparse.Namespace) -> None:
    import uvicorn

    from jinghutong.app import create_app

    settings = _settings(args)
    app = create_app(settings, run_worker=False)
    freeze_startup_heap()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=True)


def cmd_worker(args: argparse.Namespace) -> None:
    from jinghutong.core.logging import configure_logging
    from jinghutong.integrations.storage import Storage
    from jinghutong.jobs import JobContext, worker_loop
    from jinghutong.worker import load_task_modules, service_loops

    settings = _settings(args)
    configure_logging(settings.log_level, settings.log_json)
    load_task_modules()
    if args.metrics_port:
        # A worker serves no API; its own counters (jobs run, WeChat calls, delivery outcomes,
        # quota left) are scraped here. The queue gauges come from any api's /metrics.
        from prometheus_client import start_http_server

        from jinghutong.core.metrics import REGISTRY

        start_http_server(args.metrics_port, addr=args.metrics_host, registry=REGISTRY)
    freeze_startup_heap()

    async def run() -> None:
        async with _opened(settings) as r:
            stop = asyncio.Event()
            storage = Storage.from_url(settings.resolved_storage_url)
            ctx = JobContext(r.db, {"wechat": r.wechat, "settings": settings, "storage": storage})
            await asyncio.gather(
                worker_loop(ctx, settings.worker_poll_seconds, stop), *service_loops(ctx, stop)
            )

    asyncio.run(run())


def cmd_migrate(args: argparse.Namespace) -> None:
    settings = _settings(args)
    _migrate(settings)
    print("数据库已迁移到最新版本 / database at head")


def cmd_demo_load(args: argparse.Namespace) -> None:
    settings = _settings(args)
    _migrate(settings)
    loaded = asyncio.run(_load_demo_if_empty(settings))
    print(f"演示数据已载入 / demo loaded: {loaded}" if loaded else "数据库非空，未载入 / not empty")


def cmd_demo(args: argparse.Namespace) -> None:
    from jinghutong.demo.accounts import demo_accounts

    settings = _settings(args)
    accounts = demo_accounts(settings.demo.seed)
    if args.json:
        print(json.dumps(accounts, ensure_ascii=False, indent=2))
        return
    for a in accounts:
        login = f"{a['username']} / {a['password']}" if a.get("username") else ""
        print(
            f"{a['role_name']:<6} {a['name']:<6} {a['area']:<16} openid={a['openid']:<22} {login}"
        )


def cmd_wechat_emulator(args: argparse.Namespace) -> None:
    import uvicorn

    from jinghutong.integrations.wechat.emulator import create_emulator_app

    print(f"微信模拟器 / WeChat emulator on http://{args.host}:{args.port}", flush=True)
    uvicorn.run(create_emulator_app(), host=args.host, port=args.port, log_level="warning")


def cmd_households_import(args: argparse.Namespace) -> None:
    from jinghutong.core.errors import AppError
    from jinghutong.households.importing.service import import_path, report_lines

    settings = _settings(args)

    async def run() -> list[str]:
        async with _opened(settings) as r:
            return report_lines(await import_path(r.db, args.area, Path(args.file), args.dry_run))

    try:
        lines = asyncio.run(run())
    except AppError as exc:  # the whole file was refused
        sys.exit(f"导入失败：{exc.message}")
    print("\n".join(lines))


def cmd_households_codes_prefetch(args: argparse.Namespace) -> None:
    from jinghutong.core.errors import AppError
    from jinghutong.households.printing.codes import PrefetchReport, prefetch_area

    settings = _settings(args)

    async def run() -> PrefetchReport:
        async with _opened(settings) as r:
            return await prefetch_area(r.db, r.wechat, settings.redis_url, args.area)

    try:
        r = asyncio.run(run())
    except AppError as exc:
        sys.exit(f"预取失败：{exc.message}")
    print(
        f"共{r.households}户：已缓存{r.already_cached}户，本次取得{r.fetched}户，失败{r.failed}户"
    )
    if r.failed:
        sys.exit("部分小程序码未取得（微信繁忙或不可用），请稍后再运行一次")


def cmd_incidents_import(args: argparse.Namespace) -> None:
    from jinghutong.core.errors import AppError
    from jinghutong.statistics.incidents.importing import import_path, report_lines

    settings = _settings(args)

    async def run() -> list[str]:
        async with _opened(settings) as r:
            report = await import_path(r.db, args.station, Path(args.file), args.dry_run)
            return report_lines(report)

    try:
        lines = asyncio.run(run())
    except AppError as exc:  # the whole file was refused
        sys.exit(f"导入失败：{exc.message}")
    print("\n".join(lines))


def cmd_statistics_categories(_args: argparse.Namespace) -> None:
    from jinghutong.statistics.incidents.categories import mapping_lines

    print("\n".join(mapping_lines()))
    print("（以上为默认对照表；当前生效的对照表：GET /api/v1/incidents/categories）")


def cmd_statistics_rebuild(args: argparse.Namespace) -> None:
    from jinghutong.core.errors import AppError
    from jinghutong.statistics.incidents.maintenance import Rebuilt, rebuild_rollup

    settings = _settings(args)

    async def run() -> Rebuilt:
        async with _opened(settings) as r:
            return await rebuild_rollup(r.db, args.station)

    try:
        done = asyncio.run(run())
    except AppError as exc:
        sys.exit(f"重建失败：{exc.message}")
    print(f"日汇总已按原始警情重建（{done.scope}）：{done.rows} 行，共 {done.incidents} 条警情")


def cmd_openapi(args: argparse.Namespace) -> None:
    from jinghutong.openapi import openapi_yaml

    text = openapi_yaml()
    if args.check:
        current = Path(args.out).read_text(encoding="utf-8") if Path(args.out).exists() else ""
        if current != text:
            sys.exit(f"{args.out} is out of date: run `jinghutong openapi`")
        print(f"{args.out} is up to date")
        return
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")


def cmd_audit_verify(args: argparse.Namespace) -> None:
    from jinghutong.cases.trail.verify import Report, verify

    settings = _settings(args)

    async def run() -> Report:
        async with _opened(settings) as r:
            return await verify(r.db)

    report = asyncio.run(run())
    for p in report.problems:
        what = "被篡改 tampered" if p.kind == "tampered" else "缺失 missing"
        print(f"{p.number} 第{p.seq}条 {what}: {p.reason}")
    summary = f"{report.cases} 个案件 / cases, {report.events} 条记录 / events"
    if report.ok:
        print(f"留痕校验通过 / audit trail intact: {summary}")
        return
    print(f"留痕校验失败 / audit trail BROKEN: {len(report.problems)} 处问题 / problems; {summary}")
    sys.exit(1)


def cmd_backup(args: argparse.Namespace) -> None:
    from jinghutong.ops.backup import BackupError, make_backup

    settings = _settings(args)
    try:
        report = make_backup(settings, Path(args.out) if args.out else None, args.pg_bin)
    except BackupError as exc:
        sys.exit(f"备份失败 / backup failed: {exc}")
    m = report.manifest
    rows = sum(m.database.tables.values())
    print(f"备份完成 / backup written: {report.path}")
    db = m.database
    print(f"  数据库 {db.dialect} {db.file}（版本 {db.revision}，{rows} 行）")
    if m.media.included:
        print(f"  媒体文件 {m.media.files} 个，{m.media.bytes} 字节（media.sha256 逐个校验）")
        if m.media.missing:
            print(f"  注意：{len(m.media.missing)} 条媒体记录的文件在备份时已不在存储中")
    else:
        print(f"  {m.media.note}")


def cmd_restore(args: argparse.Namespace) -> None:
    from jinghutong.ops.backup import BackupError, restore_backup

    settings = _settings(args)
    try:
        report = restore_backup(settings, Path(args.backup), force=args.force, pg_bin=args.pg_bin)
    except BackupError as exc:
        sys.exit(f"恢复失败 / restore failed: {exc}")
    rows = sum(report.tables.values())
    print(f"恢复完成 / restored: {rows} 行（与备份清单一致 / counts match the manifest）")
    print(f"  媒体文件 {report.media_files} 个 / media files")
    for note in report.notes:
        print(f"  {note}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jinghutong", description="警户通 service")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_server(p: argparse.ArgumentParser, port: int = 8000) -> None:
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=port)
        p.add_argument("--data-dir", help="数据目录（默认 ./var）")

    p = sub.add_parser("serve", help="everything in one process on embedded defaults")
    with_server(p)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("api", help="the HTTP API only (scaled out; run migrate first)")
    with_server(p)
    p.set_defaults(func=cmd_api)
    p = sub.add_parser("worker", help="the work loop only (scaled out)")
    p.add_argument("--data-dir")
    p.add_argument("--metrics-port", type=int, help="serve Prometheus /metrics on this port")
    p.add_argument("--metrics-host", default="127.0.0.1")
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("migrate", help="apply database migrations")
    p.add_argument("--data-dir")
    p.set_defaults(func=cmd_migrate)
    p = sub.add_parser("demo", help="demo jurisdiction")
    demo_sub = p.add_subparsers(dest="demo_command", required=True)
    q = demo_sub.add_parser("accounts", help="list the demo identities")
    q.add_argument("--json", action="store_true")
    q.add_argument("--data-dir")
    q.set_defaults(func=cmd_demo)
    q = demo_sub.add_parser("load", help="migrate, then load the demo into an empty database")
    q.add_argument("--data-dir")
    q.set_defaults(func=cmd_demo_load)
    p = sub.add_parser("households", help="household register")
    households_sub = p.add_subparsers(dest="households_command", required=True)
    q = households_sub.add_parser("import", help="import households from an xlsx or csv file")
    q.add_argument("file", help="户籍表文件（.xlsx 或 .csv）")
    q.add_argument("--area", required=True, help="行政村或微网格的 id")
    q.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    q.add_argument("--data-dir")
    q.set_defaults(func=cmd_households_import)
    q = households_sub.add_parser("codes", help="household mini-program codes")
    codes_sub = q.add_subparsers(dest="codes_command", required=True)
    r = codes_sub.add_parser("prefetch", help="cache an area's codes before printing")
    r.add_argument("--area", required=True, help="行政村或微网格的 id")
    r.add_argument("--data-dir")
    r.set_defaults(func=cmd_households_codes_prefetch)
    p = sub.add_parser("incidents", help="警情 history from the 110 system")
    incidents_sub = p.add_subparsers(dest="incidents_command", required=True)
    q = incidents_sub.add_parser("import", help="import a 110 export (xlsx or csv) into a station")
    q.add_argument("file", help="110 接处警导出表（.xlsx 或 .csv）")
    q.add_argument("--station", required=True, help="派出所的区域 id")
    q.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    q.add_argument("--data-dir")
    q.set_defaults(func=cmd_incidents_import)
    p = sub.add_parser("statistics", help="警情 categories and rollups")
    statistics_sub = p.add_subparsers(dest="statistics_command", required=True)
    q = statistics_sub.add_parser("categories", help="print the categories and default mapping")
    q.set_defaults(func=cmd_statistics_categories)
    q = statistics_sub.add_parser(
        "rebuild", help="rebuild the rollup (every level, by day and month) from the raw 警情"
    )
    q.add_argument("--station", help="派出所的区域 id（默认：全部）")
    q.add_argument("--data-dir")
    q.set_defaults(func=cmd_statistics_rebuild)
    p = sub.add_parser("wechat-emulator", help="run the WeChat emulator alone")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8400)
    p.set_defaults(func=cmd_wechat_emulator)
    p = sub.add_parser("audit", help="audit trail")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    q = audit_sub.add_parser("verify", help="check every case's hash chain (exit 1 on tampering)")
    q.add_argument("--data-dir")
    q.set_defaults(func=cmd_audit_verify)
    p = sub.add_parser("backup", help="back up the database and local media (docs/operations.md)")
    p.add_argument("--out", help="新的目录，或以 .tar.gz 结尾的归档（默认 <数据目录>/backups/…）")
    p.add_argument("--pg-bin", help="pg_dump 所在目录（PostgreSQL）")
    p.add_argument("--data-dir")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="restore a backup into the configured database and media")
    p.add_argument("backup", help="备份目录或 .tar.gz")
    p.add_argument("--force", action="store_true", help="覆盖已有数据的目标")
    p.add_argument("--pg-bin", help="pg_restore 所在目录（PostgreSQL）")
    p.add_argument("--data-dir")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("openapi", help="write (or --check) openapi.yaml")
    p.add_argument("--out", default="openapi.yaml")
    p.add_argument("--check", action="store_true")
    p.set_defaults(func=cmd_openapi)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
