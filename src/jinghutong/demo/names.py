"""Name and place data for the demo jurisdiction (FIELD.md).

The three townships are real; the village and natural-village names are invented in the local
style of 淳安县 (…源, …坞, …坑, …畈, …岭, …坪) because we do not hold the station's register.
Replace them with the real list when the station supplies it. Division codes follow the national
12-digit scheme (county 330127, towns 1xx, townships 2xx, villages 2xx) but are not the real ones.
"""

from __future__ import annotations

COUNTY = "淳安县"
COUNTY_CODE = "330127"
STATION = "大市派出所"

# name, 3-digit township code, (lat, lng) of the township seat, villages (the seat first).
TOWNSHIPS: tuple[tuple[str, str, tuple[float, float], tuple[str, ...]], ...] = (
    (
        "大墅镇",
        "110",
        (29.625, 118.950),
        (
            "大墅村", "上坊村", "桐坑源村", "黄家源村", "洪家坞村", "石门坑村", "章家畈村",
            "樟树坪村", "下坞口村", "龙山村", "双溪口村", "程家岭村", "桃源坪村", "方家塘村",
            "柏树岭村", "汪家坂村",
        ),
    ),
    (
        "枫树岭镇",
        "111",
        (29.545, 118.800),
        (
            "枫树岭村", "白马坑村", "铜山口村", "大坑源村", "余家坞村", "芹坑村", "岭后村",
            "溪头村", "邵家畈村", "金竹坪村", "茶园坞村", "杨柳坑村", "塘坞村", "姜家源村",
            "吴家岭村",
        ),
    ),
    (
        "安阳乡",
        "208",
        (29.660, 118.820),
        (
            "安阳村", "胡家畈村", "徐家坞村", "桥头村", "上源村", "坑口村", "童家岭村", "鲁家坪村",
            "横路村", "叶家源村", "石壁坞村", "高山坪村", "里源村",
        ),
    ),
)  # fmt: skip

# Natural villages (自然村) inside an administrative village; the first one takes the village's
# own stem, the others come from these.
NATURAL_VILLAGES = (
    "下坞", "上坞", "里坑", "外坑", "坞口", "岭脚", "塘坞", "石门", "樟树下", "对坞", "源头",
    "畈上", "后山", "前山", "田坂", "桥头", "山背", "竹园", "茶坪", "庙前", "大路边", "水碓",
    "新屋", "老屋基", "上村", "下村", "岭头", "坑边",
)  # fmt: skip

# Surnames of western Zhejiang, weighted (a village is often one clan: see the generator).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("方", 10), ("王", 8), ("徐", 8), ("余", 7), ("汪", 7), ("邵", 5), ("姜", 5), ("洪", 5),
    ("吴", 5), ("程", 5), ("胡", 5), ("叶", 4), ("鲁", 3), ("童", 3), ("陈", 3), ("李", 3),
    ("张", 3), ("章", 2), ("刘", 2), ("周", 2), ("郑", 2), ("毛", 2), ("黄", 2), ("杨", 2),
    ("宋", 1), ("严", 1), ("潘", 1), ("柴", 1), ("江", 1), ("项", 1), ("蒋", 1), ("唐", 1),
)  # fmt: skip

# Given names as the register shows them for people born in the 1930s–1960s …
ELDER_MEN = (
    "根土", "水根", "福林", "有财", "金土", "樟根", "土根", "长富", "旺财", "树林", "德贵",
    "春生", "国良", "炳荣", "启明", "林法", "松茂", "仁和", "正富", "天福", "宝根", "来法",
    "荣华", "志高", "雪根", "增福", "家旺", "有德", "新民", "建国", "文华", "光明", "茂林",
    "木根", "火根", "发有", "美根", "法根", "金水", "关福", "连生", "顺昌", "樟法", "五九",
)  # fmt: skip
ELDER_WOMEN = (
    "金花", "春英", "彩娥", "秀英", "桂花", "菊英", "月娥", "兰英", "玉英", "冬梅", "雪花",
    "美娟", "素珍", "爱娟", "凤仙", "翠英", "巧英", "银花", "小妹", "梅花", "荷花", "杏花",
    "招娣", "月仙", "香娥", "彩凤", "水仙", "金娣", "樟英", "玉兰",
)  # fmt: skip
# … and for people born since the 1970s (younger heads of household, staff).
YOUNGER = (
    "建华", "伟", "丽娟", "俊杰", "欣怡", "海燕", "志强", "晓东", "丽萍", "红梅", "建军", "斌",
    "敏", "芳", "勇", "磊", "静", "涛", "婷婷", "佳豪", "浩然", "雨轩", "子涵", "晓燕", "国华",
    "卫平", "小军", "军", "海军", "建平", "利民", "向阳", "春燕", "秋萍", "建英", "忠华", "剑锋",
    "文斌", "燕飞", "鹏飞", "立新", "卫东", "红兵", "林峰", "永强", "海波", "丽华", "雪峰",
)  # fmt: skip

# Mobile prefixes in use in China (China Mobile, Unicom, Telecom).
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "177", "180", "181", "182", "183", "185", "186",
    "187", "188", "189", "199",
)  # fmt: skip

CHINESE_ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

# Women's given names among the younger ones (妇女主任, 村医 …).
YOUNGER_WOMEN = (
    "丽娟", "欣怡", "海燕", "丽萍", "红梅", "晓燕", "春燕", "秋萍", "建英", "丽华", "婷婷", "静",
    "芳", "敏", "燕飞",
)  # fmt: skip

# Where a village's 雪亮工程 cameras hang, and what they see; the entrance always has one.
XUELIANG_ENTRANCE = ("村口", "进出村主路和公交站")
XUELIANG_PLACES = (
    ("石拱桥头", "桥面和两侧溪滩"),
    ("村委会门口", "村委会、党群服务中心前广场"),
    ("文化礼堂前", "礼堂广场和健身场地"),
    ("村小学门口", "校门和上下学路段"),
    ("主路三岔口", "三岔口来往车辆"),
    ("停车场", "村口停车场"),
    ("溪边游步道", "游步道和溪边护栏"),
    ("农贸小店门口", "小店门前和老人聚集处"),
)  # fmt: skip
