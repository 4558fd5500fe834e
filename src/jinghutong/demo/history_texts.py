"""What the demo's 110 history says, by category: the counts of the two years, the 类别 as
the 110 system writes it, weighted 细类 with the results officers record, and the seasons.

The counts reproduce what the station reported for 2024 against 2023 (FIELD.md, "How the
station measures itself"): total 3210 → 2510 (−21.81 %), 有效警情 2890 → 2225 (−23.01 %),
治安 900 → 726 (−19.33 %), 纠纷 550 → 150 (−72.73 %). The rest moves little; 求助 rises a
little, as villagers who have a 联户长 to call ask for help more often."""

from __future__ import annotations

from datetime import date

YEARS = (2023, 2024)
COUNTS: dict[int, dict[str, int]] = {
    2023: {
        "criminal": 165,
        "public_order": 900,
        "traffic": 262,
        "fire": 41,
        "dispute": 550,
        "help": 560,
        "report": 152,
        "other": 260,
        "invalid": 320,
    },
    2024: {
        "criminal": 134,
        "public_order": 726,
        "traffic": 243,
        "fire": 36,
        "dispute": 150,
        "help": 602,
        "report": 148,
        "other": 186,
        "invalid": 285,
    },
}
SPRING_FESTIVAL = {2023: date(2023, 1, 22), 2024: date(2024, 2, 10)}

# Month weights: summer (people out late, visitors, water) and the Spring Festival month.
MONTH_WEIGHT = (1.05, 1.1, 0.85, 0.9, 0.95, 1.0, 1.2, 1.25, 1.0, 1.05, 0.85, 0.9)
# Extra weight by category: (months 1-12 multiplier), and the Spring Festival fortnight.
CATEGORY_MONTHS: dict[str, tuple[float, ...]] = {
    "fire": (1.6, 1.6, 1.4, 1.5, 0.8, 0.5, 0.5, 0.6, 0.8, 1.0, 1.1, 1.4),  # dry season, Qingming
    "help": (1.0, 1.0, 0.9, 0.9, 1.0, 1.2, 1.4, 1.4, 1.0, 1.0, 0.9, 0.9),  # water, heat
    "dispute": (1.1, 1.2, 1.0, 1.1, 1.0, 0.9, 0.9, 0.9, 1.1, 1.2, 1.0, 1.0),  # land, harvest
}
FESTIVAL_BOOST = {"traffic": 2.2, "dispute": 2.0, "public_order": 1.8, "fire": 2.0}
DEFAULT_FESTIVAL_BOOST = 1.5
# Calls by hour of day (Beijing): few at night, a peak in the evening.
HOUR_WEIGHT = (
    *(0.4, 0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1.0, 1.3, 1.4, 1.4, 1.3),  # 0-11 h
    *(1.2, 1.1, 1.2, 1.3, 1.4, 1.5, 1.7, 1.9, 1.9, 1.6, 1.1, 0.7),  # 12-23 h
)

# 类别 as the 110 system writes it (what `mapped_from` keeps), per category.
KIND_TEXT = {
    "criminal": "刑事案件",
    "public_order": "治安案件",
    "traffic": "交通事故",
    "fire": "火灾",
    "dispute": "纠纷",
    "help": "求助",
    "other": "其他",
    "invalid": "无效报警",
}
# (细类, weight, results …): the first result is the most common.
SUBKINDS: dict[str, tuple[tuple[str, int, tuple[str, ...]], ...]] = {
    "criminal": (
        ("盗窃", 40, ("已受案，移交刑侦中队侦查", "已立案侦查", "已破案，追回被盗财物")),
        (
            "电信网络诈骗",
            35,
            ("已受案，开展止付冻结", "已立案，移交反诈中心", "已劝阻，未造成损失"),
        ),
        ("故意伤害", 10, ("已受案，伤情鉴定中", "已立案侦查，嫌疑人已到案")),
        ("毁坏财物", 8, ("已受案调查",)),
        ("非法捕捞", 7, ("已受案，移交渔政联合查处",)),
    ),
    "public_order": (
        ("殴打他人", 30, ("已受案，调解结案", "已受案，行政处罚", "双方和解，批评教育")),
        ("酒后滋事", 18, ("已现场处置，批评教育", "已带离现场，醒酒后教育")),
        ("赌博", 12, ("已查处，行政处罚", "现场未发现赌博，已告诫")),
        ("噪音扰民", 14, ("已现场劝导", "已协调停止施工噪音")),
        ("盗窃（治安）", 16, ("已受案调查", "已追回财物，行政处罚")),
        ("寻衅滋事", 5, ("已受案调查",)),
        ("偷拿农作物", 5, ("已调解，赔偿损失",)),
    ),
    "traffic": (
        ("车辆剐蹭", 45, ("已现场处置，双方协商解决", "已移交交警中队")),
        ("机动车碰撞", 25, ("已移交交警中队处理", "已现场处置，无人员伤亡")),
        ("单车事故", 15, ("已救助，移交交警中队", "已现场处置")),
        ("非机动车事故", 15, ("已送医，移交交警中队", "已现场处置，双方和解")),
    ),
    "fire": (
        ("山林火情", 35, ("已扑灭，过火面积较小", "已联合扑灭，移交森林公安调查")),
        ("秸秆焚烧", 30, ("已现场扑灭，批评教育",)),
        ("民房火灾", 20, ("已协助消防扑灭，无人员伤亡", "已扑灭，协助安置受灾户")),
        ("电气火灾", 15, ("已扑灭，提醒检修线路",)),
    ),
    "dispute": (
        ("家庭纠纷", 32, ("已调解，双方和好", "已调解，移交村调委会跟进", "已劝解，告知诉讼途径")),
        ("邻里纠纷", 28, ("已调解，双方和解", "已调解，联户长跟进回访")),
        ("土地山林纠纷", 18, ("已调解，现场确认界址", "已移交镇司法所调处")),
        ("宅基地纠纷", 8, ("已移交镇调委会", "已调解")),
        ("经济纠纷", 10, ("已调解，约定还款", "已告知诉讼途径")),
        ("劳资纠纷", 4, ("已调解，工资已结清", "已移交人社部门")),
    ),
    "help": (
        ("救助老人", 22, ("已救助，送回家中", "已联系家属接回")),
        ("走失求助", 16, ("已找到，送回家中", "已找到，交家属接回")),
        ("开锁求助", 14, ("已联系开锁，协助处理",)),
        ("车辆故障求助", 14, ("已协助联系救援", "已协助推离路面")),
        ("落水救助", 6, ("已救起，送医观察", "已救起，无大碍")),
        ("医疗求助", 14, ("已协助送医", "已联系120送医")),
        ("其他求助", 14, ("已协助处理",)),
    ),
    "report": (
        ("举报赌博", 30, ("已核查处理", "已核查，未发现违法")),
        ("举报违法经营", 25, ("已核查，移交市场监管", "已核查处理")),
        ("投诉噪音", 25, ("已协调处理",)),
        ("投诉服务", 20, ("已答复并回访", "已转相关部门处理")),
    ),
    "other": (
        ("咨询", 40, ("已答复",)),
        ("动物伤人", 12, ("已协助送医接种疫苗", "已现场处置")),
        ("道路障碍", 18, ("已清理，恢复通行", "已通知公路部门处理")),
        ("信息核查", 15, ("已核查回复",)),
        ("其他", 15, ("已处理",)),
    ),
    "invalid": (
        ("误拨", 40, ("经回拨核实为误拨",)),
        ("骚扰电话", 25, ("已警告，记录在案",)),
        ("重复报警", 20, ("同一警情重复报警，已合并",)),
        ("无声电话", 15, ("回拨无人应答，已记录",)),
    ),
}
# 举报投诉's 类别 follows its 细类 (举报… or 投诉…).
REPORT_KIND = {"举报": "举报", "投诉": "投诉"}
PLACES = ("村委会门口", "文化礼堂", "村口", "老街", "溪边", "小卖部", "停车场", "祠堂前", "茶园")
ROAD_PLACES = ("村道", "进村公路", "县道", "桥头", "岔路口")
HILL_PLACES = ("后山", "山林", "茶山", "竹林")
