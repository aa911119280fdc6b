"""Name lists, places and generators for the demo office (黄平县旧州镇总工会), and the `Context`
every part of the demo shares; the households themselves are made in `demo_people`.

Everything here is fictitious but shaped like the real registers: names common in 黔东南, the
villages and communities of 旧州镇, identity numbers with valid region codes, sex digit and check
digit, bank cards with a valid Luhn digit. Every generator takes the caller's `random.Random`, so
a seed gives the same office.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from stdnum.cn import ric

from songnuan_desktop.domain.ids import region_valid
from songnuan_desktop.domain.names import pinyin_keys
from songnuan_desktop.domain.roles import Role

OFFICE_NAME = "黄平县旧州镇总工会"
REGION_CODE = "522622"
REGION_NAME = "黄平县"
FILE_PREFIX = "JZ"
PASSWORD = "songnuan2026"
DEMO_TODAY = dt.date(2026, 11, 20)  # "today" of the demo office; every recorded event is on or before it
SETTINGS_FROM = dt.date(2024, 1, 1)
OLD_DIBAO_FROM = dt.date(2023, 1, 1)
DIBAO_URBAN_FEN, DIBAO_RURAL_FEN = 79_000, 52_000
OLD_DIBAO_URBAN_FEN, OLD_DIBAO_RURAL_FEN = 73_500, 47_800

# (username, display name, role codes); the admin is created by setup.initialize.
ADMIN = ("admin", "杨秀英", ("admin",))
STAFF = (
    ("jingban", "吴晓燕", ("clerk",)),
    ("shenhe", "潘国强", ("reviewer",)),
    ("shenpi", "龙正华", ("approver",)),  # 镇总工会主席
    ("caiwu", "张丽萍", ("finance",)),
)

# (grassroots union, [(work unit, 单位性质, 村/社区, employs migrant workers)])
UNIONS: tuple[tuple[str, tuple[tuple[str, str, str, bool], ...]], ...] = (
    ("旧州镇机关工会", (
        ("旧州镇人民政府", "机关", "西门社区", False),
        ("旧州镇财政所", "机关", "西门社区", False),
        ("旧州镇农业综合服务中心", "事业单位", "东门社区", False),
    )),
    ("旧州镇教育工会", (
        ("旧州镇中心学校", "事业单位", "旧州村", False),
        ("黄平县旧州中学", "事业单位", "东坡村", False),
        ("旧州镇中心幼儿园", "事业单位", "西门社区", False),
    )),
    ("旧州镇卫生院工会", (
        ("旧州镇卫生院", "事业单位", "东门社区", False),
        ("旧州镇寨碧村卫生室", "集体企业", "寨碧村", False),
    )),
    ("旧州古镇旅游联合工会", (
        ("黄平县旧州古镇旅游开发有限公司", "国有企业", "西门社区", True),
        ("旧州古镇仁寿宫景区管理处", "事业单位", "西门社区", False),
        ("旧州古镇客栈（个体）", "个体工商户", "南门社区", True),
    )),
    ("旧州镇商贸流通联合工会", (
        ("黄平县旧州粮站", "国有企业", "东门社区", False),
        ("黄平县旧州供销合作社", "集体企业", "东门社区", False),
        ("旧州镇农贸市场服务中心", "民营企业", "南门社区", True),
        ("旧州镇惠民超市", "个体工商户", "南门社区", True),
    )),
    ("旧州镇非公企业联合工会", (
        ("贵州黔旧农业开发有限公司", "民营企业", "寨碧村", True),
        ("黄平县苗岭茶业有限公司", "民营企业", "东坡村", True),
        ("黄平县旧州建材有限公司", "民营企业", "寨勇村", True),
        ("贵州旧州米业有限公司", "民营企业", "旧州村", True),
    )),
    ("旧州镇建筑业联合工会", (
        ("黄平县恒通建筑工程有限公司", "民营企业", "王家牌村", True),
        ("黄平县旧州砂石厂", "民营企业", "岩门司村", True),
    )),
    ("旧州镇交通运输联合工会", (
        ("黄平县旧州客运站", "国有企业", "东门社区", False),
        ("旧州镇出租汽车服务队", "个体工商户", "西门社区", True),
    )),
    ("旧州镇农民工工会", (
        ("旧州镇农民工服务站", "社会组织", "旧州村", True),
        ("旧州镇劳务合作社", "集体企业", "塘都村", True),
    )),
    ("旧州镇社区联合工会", (
        ("西门社区居委会", "基层自治组织", "西门社区", False),
        ("东门社区居委会", "基层自治组织", "东门社区", False),
        ("南门社区物业服务中心", "民营企业", "南门社区", True),
    )),
)

VILLAGES = (
    "旧州村", "寨碧村", "东坡村", "寨勇村", "王家牌村", "岩门司村", "塘都村", "红梅村", "朱家山村",
    "老寨村", "西门社区", "东门社区", "南门社区", "机场社区",
)
STREETS = ("古镇大街", "仁寿街", "东门路", "西上街", "南门巷", "机场路")

# Surnames frequent in 黄平 (杨, 吴, 潘, 龙 are common among the Miao), weighted.
SURNAMES = (
    ("杨", 12), ("吴", 9), ("王", 7), ("张", 6), ("李", 6), ("刘", 4), ("陈", 4), ("潘", 5), ("龙", 5),
    ("罗", 3), ("石", 3), ("田", 3), ("邰", 2), ("姜", 2), ("欧", 2), ("顾", 2), ("韦", 2), ("周", 2),
    ("赵", 2), ("黄", 2), ("何", 2), ("胡", 1), ("邓", 1), ("杜", 1), ("万", 1), ("唐", 1), ("蒋", 1),
    ("彭", 1), ("冯", 1), ("梁", 1), ("宋", 1), ("谢", 1), ("袁", 1), ("熊", 1), ("金", 1), ("向", 1),
    ("文", 1), ("谭", 1), ("舒", 1), ("付", 1), ("邱", 1), ("余", 1), ("孙", 1), ("徐", 1), ("朱", 1),
)

MALE_NAMES = (
    "国强", "建军", "志华", "永福", "德明", "光荣", "正华", "文斌", "明亮", "海波", "小龙", "家富", "世忠",
    "承刚", "开明", "兴旺", "再林", "祖林", "云峰", "金平", "学军", "建华", "晓东", "红军", "树林", "昌贵",
    "永刚", "天明", "仕林", "宗华", "绍军", "贵平", "庆华", "德贵", "正国", "忠明", "义华", "顺平", "勇",
    "军", "伟", "涛", "斌", "超", "鹏", "光辉", "发明", "文忠", "正勇", "昌林",
)
FEMALE_NAMES = (
    "秀英", "晓燕", "丽萍", "美玲", "玉兰", "桂英", "红梅", "春花", "小芳", "金凤", "秀芬", "桂芝", "月英",
    "翠英", "雪梅", "海燕", "丽娟", "春燕", "银花", "艳", "丹", "敏", "琴", "娟", "芳", "霞", "玲", "慧",
    "婷", "仙梅", "应芬", "光英", "再芬", "秀兰",
)
BOY_NAMES = ("浩然", "子轩", "宇航", "俊杰", "梓豪", "一鸣", "博文", "嘉豪", "明轩", "宇", "杰", "文博", "家豪")
GIRL_NAMES = ("欣怡", "诗涵", "雨桐", "梓涵", "思琪", "佳怡", "可馨", "梦瑶", "雅琪", "雪", "婧", "语桐")
OLD_MALE_NAMES = ("德富", "正才", "光清", "开福", "朝贵", "明发", "玉成", "老发", "登科", "昌和")
OLD_FEMALE_NAMES = ("桂香", "秀珍", "玉珍", "翠花", "素珍", "春兰", "老英", "桂兰", "玉芬")

SCHOOLS = {
    "小学": ("旧州镇中心小学", "旧州镇寨碧小学", "旧州镇东坡小学"),
    "初中": ("黄平县旧州中学",),
    "高中": ("黄平县民族中学", "黄平县第一中学", "黄平县第二中学", "凯里市第一中学"),
    "大学": ("贵州大学", "贵州民族大学", "凯里学院", "黔东南民族职业技术学院", "贵州师范大学"),
}
MIGRANT_JOBS = ("浙江宁波务工", "广东东莞务工", "凯里市务工", "贵阳市务工", "福建晋江务工", "本地打零工")

# (bank, branches, card prefix, card length, weight)
BANKS = (
    ("中国农业银行", ("黄平县支行", "黄平旧州支行"), "622848", 19, 34),
    ("贵州黄平农村商业银行", ("旧州支行", "新州支行"), "621779", 19, 34),
    ("中国邮政储蓄银行", ("黄平县旧州镇营业所", "黄平县支行"), "621799", 19, 20),
    ("中国建设银行", ("黄平支行",), "621700", 19, 5),
    ("中国工商银行", ("黄平支行",), "622202", 19, 3),
    ("贵州银行", ("黄平支行",), "621591", 16, 4),
)
_BANK_TABLE = tuple((b, b[4]) for b in BANKS)
MOBILE_PREFIXES = (
    "135", "136", "138", "139", "150", "151", "152", "157", "158", "159", "182", "183", "187", "188",
    "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "181", "189", "177", "199",
    "166", "198", "178", "147",
)

# (region code, weight): mostly 黄平县, some from neighbouring counties of 黔东南州.
ID_REGIONS = (("522622", 84), ("522601", 6), ("522623", 4), ("522635", 3), ("522624", 3))
# 凯里 was 凯里县 (522621) until it became a city in 1983.
_REGION_BEFORE = {"522601": ("522621", 1983)}

ETHNICITIES = (
    ("苗族", 44), ("汉族", 40), ("侗族", 8), ("布依族", 3), ("土家族", 2), ("彝族", 1), ("回族", 1), ("其他", 1),
)

VISIT_GROUPS = (
    ("第一慰问组", "镇党委副书记 王建军", "龙正华、吴晓燕、杨光辉", "贵H·J0127", "13985511027"),
    ("第二慰问组", "镇人大主席 刘文斌", "潘国强、石美玲", "贵H·J0219", "13885532219"),
    ("第三慰问组", "副镇长 邰仙梅", "张丽萍、欧正勇", "贵H·J0356", "15885510356"),
)
NOTICE_PLACE = "旧州镇政务公开栏及各村（社区）公示栏"
NOTICE_CONTACT = "镇总工会 0855-2461234"


_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


def new_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID from the seeded generator (the same as UUID(int=…, version=4), a bit faster)."""
    return uuid.UUID(int=rng.getrandbits(128) & _V4_CLEAR | _V4_SET)


_TABLES: dict[int, tuple[Any, list[Any], list[int], int]] = {}


def weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    """One value of (value, weight) pairs. The cumulative weights are kept per pairs object, so
    pass module constants or literal tuples, never a tuple built on each call."""
    entry = _TABLES.get(id(pairs))
    if entry is None or entry[0] is not pairs:
        cum = list(itertools.accumulate(w for _, w in pairs))
        entry = _TABLES[id(pairs)] = (pairs, [p for p, _ in pairs], cum, cum[-1])
    return entry[1][bisect.bisect_right(entry[2], rng.random() * entry[3])]


def ri(rng: random.Random, low: int, high: int) -> int:
    """An int in [low, high), faster than randrange."""
    return low + int(rng.random() * (high - low))


def surname(rng: random.Random) -> str:
    return weighted(rng, SURNAMES)  # type: ignore[no-any-return]


def name_pinyin(family: str, given: str) -> tuple[str, str]:
    # Per piece (surname, given name): a few hundred distinct pieces make 100,000 names.
    fam_full, fam_init = pinyin_keys(family)
    giv_full, giv_init = pinyin_keys(given)
    return fam_full + giv_full, fam_init + giv_init


def id_region(rng: random.Random, birth: dt.date) -> str:
    region = weighted(rng, ID_REGIONS)
    if region in _REGION_BEFORE:
        older, until = _REGION_BEFORE[region]
        if birth.year < until:
            region = older
    return region if region_valid(region, birth.year) else REGION_CODE


def id_number(rng: random.Random, region: str, birth: dt.date, sex: str, used: set[str]) -> str:
    """A valid 18-digit number; the order code is odd for men, even for women, never reused."""
    stem = region + birth.isoformat().replace("-", "")
    odd = 1 if sex == "男" else 0
    while True:
        body = f"{stem}{int(rng.random() * 500) * 2 + odd:03d}"
        if body not in used:
            used.add(body)
            return body + ric.calc_check_digit(body + "0")


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.random() * max(1, (end - start).days + 1)))


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{ri(rng, 0, 100_000_000):08d}"


def bank_account(rng: random.Random) -> tuple[str, str, str]:
    bank, branches, prefix, length, _ = weighted(rng, _BANK_TABLE)
    free = length - len(prefix) - 1
    body = f"{prefix}{rng.randrange(10 ** free):0{free}d}"
    return bank, rng.choice(branches), body + luhn_digit(body)


_DOUBLED = tuple(sum(divmod(2 * d, 10)) for d in range(10))


def luhn_digit(body: str) -> str:
    """The Luhn check digit, as stdnum.luhn.calc_check_digit gives it (which the tests compare), in a
    quarter of its time: it is called for most of 100,000 files."""
    digits = [ord(c) - 48 for c in reversed(body)]
    total = sum(_DOUBLED[d] for d in digits[::2]) + sum(digits[1::2])
    return str(-total % 10)


def address(rng: random.Random, village: str) -> str:
    if village.endswith("村"):
        return f"黄平县旧州镇{village}{ri(rng, 1, 13)}组{ri(rng, 1, 80)}号"
    return f"黄平县旧州镇{village}{rng.choice(STREETS)}{ri(rng, 1, 260)}号"


def stamp(rng: random.Random, day: dt.date) -> dt.datetime:
    """A moment in office hours (08:30–17:30 Beijing time) of `day`, as naive UTC."""
    return dt.datetime.combine(day, dt.time(0, 30)) + dt.timedelta(minutes=ri(rng, 0, 540))


def five_clears(rng: random.Random, size: int, cause: str, employment: str) -> dict[str, str]:
    """The five "clears" (五清) noted after a visit."""
    return {
        "家庭状况": f"家庭{size}口人，住房{rng.choice(('基本安全', '较为简陋', '为自建砖房', '为租住房'))}",
        "致困原因": cause,
        "思想状态": rng.choice(("积极乐观，对组织关心表示感谢", "情绪稳定", "有一定思想压力，已做疏导")),
        "技能特长": rng.choice(("驾驶", "电焊", "厨师", "种植养殖", "刺绣（苗绣）", "无")),
        "就业要求": "暂无" if employment in ("在岗", "退休") else rng.choice(("希望就近就业", "希望参加技能培训")),
    }


@dataclass
class Context:
    """What every part of the demo shares: the seeded generator, the office and its staff by role."""

    rng: random.Random
    office_id: uuid.UUID
    user: dict[Role, uuid.UUID] = field(default_factory=dict)

    def core(self, when: dt.datetime, updated: dt.datetime | None = None) -> dict[str, Any]:
        """The exchanged columns of a row written with a Core insert (no mapper sets them there)."""
        return {"id": new_uuid(self.rng), "origin_office_id": self.office_id, "created_at": when,
                "updated_at": updated or when, "row_version": 1}

    def orm(self, when: dt.datetime) -> dict[str, Any]:
        """Id, origin and fixed timestamps of an ORM row (the row version is the mapper's)."""
        return {"id": new_uuid(self.rng), "origin_office_id": self.office_id, "created_at": when,
                "updated_at": when}
