"""Name lists, places and generators for the demo office (黄平县旧州镇总工会), and `People`, which
makes its households (worker file, members, causes, income and expenses) as Core insert rows.

Everything here is fictitious but shaped like the real registers: names common in 黔东南, the
villages and communities of 旧州镇, identity numbers with valid region codes, sex digit and check
digit, bank cards with a valid Luhn digit, incomes that fit the hardship category against the
低保线. Every generator takes the caller's `random.Random`, so a seed gives the same office.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, cast

from pypinyin import lazy_pinyin
from sqlalchemy import Table
from stdnum.cn import ric

from songnuan_desktop.domain.codes import DISABILITY_GRADES, DISABILITY_KINDS
from songnuan_desktop.persistence.models import HardshipCause, HouseholdMember, IncomeItem, WorkerFile

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


@lru_cache(maxsize=4096)
def pinyin_of(piece: str) -> tuple[str, str]:
    """(full pinyin, initials) of a surname or a given name, computed once per distinct piece."""
    syllables = lazy_pinyin(piece)
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def name_pinyin(family: str, given: str) -> tuple[str, str]:
    fam_full, fam_init = pinyin_of(family)
    giv_full, giv_init = pinyin_of(given)
    return fam_full + giv_full, fam_init + giv_init


@cache
def _region_valid(region: str, year: int) -> bool:
    body = f"{region}{year}0101001"
    return ric.is_valid(body + ric.calc_check_digit(body + "0"))


def id_region(rng: random.Random, birth: dt.date) -> str:
    region = weighted(rng, ID_REGIONS)
    if region in _REGION_BEFORE:
        older, until = _REGION_BEFORE[region]
        if birth.year < until:
            region = older
    return region if _region_valid(region, birth.year) else REGION_CODE


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


# ---------------------------------------------------------------------------------------------
# Worker files: one household each, with members, causes and income items, as Core insert rows.
# ---------------------------------------------------------------------------------------------
CATEGORY_WEIGHTS = (("深度困难", 25), ("相对困难", 60), ("意外致困", 15))
LEGACY_WEIGHTS = (("低保户", 50), ("特困", 30), ("低保边缘户", 20))
GROUP_OF = {"深度困难": "deep", "低保户": "deep", "特困": "deep", "相对困难": "relative", "低保边缘户": "edge",
            "意外致困": "accident"}
PER_CAPITA_FACTOR = {"deep": (0.30, 0.90), "relative": (1.10, 1.90), "edge": (1.02, 1.45), "accident": (0.60, 1.80)}
SERIOUS = frozenset({"恶性肿瘤", "心脑血管病", "终末期肾病", "精神病", "血液病"})
HEAD_HEALTH = {
    "deep": (("良好", 30), ("一般疾病", 15), ("残疾", 14), ("恶性肿瘤", 10), ("心脑血管病", 10), ("糖尿病", 8),
             ("终末期肾病", 5), ("精神病", 4), ("血液病", 4)),
    "relative": (("良好", 60), ("一般疾病", 16), ("残疾", 6), ("恶性肿瘤", 4), ("心脑血管病", 5), ("糖尿病", 6),
                 ("终末期肾病", 1), ("精神病", 1), ("血液病", 1)),
    "accident": (("良好", 30), ("残疾", 20), ("恶性肿瘤", 18), ("心脑血管病", 17), ("一般疾病", 10), ("血液病", 5)),
}
HEAD_HEALTH["edge"] = HEAD_HEALTH["relative"]
SPOUSE_HEALTH = (("良好", 70), ("一般疾病", 15), ("恶性肿瘤", 4), ("心脑血管病", 4), ("残疾", 4), ("糖尿病", 3))
PARENT_HEALTH = (("一般疾病", 40), ("良好", 35), ("心脑血管病", 15), ("糖尿病", 10))
EMPLOYMENT = (("在岗", 46), ("下(待)岗", 8), ("失(无)业", 10), ("退休", 8), ("病退", 6), ("内退", 8), ("派遣", 14))
BIRTH_YEARS = {"退休": (1965, 1971), "病退": (1965, 1976), "内退": (1965, 1974)}
HEAD_EARNS = {"在岗": 1.0, "派遣": 1.0, "农民工": 1.0, "内退": 0.6, "退休": 0.8, "病退": 0.6, "下(待)岗": 0.3,
              "失(无)业": 0.1}
EMPLOYMENT_TEXT = {
    "在岗": "在岗，工资收入低", "派遣": "劳务派遣工，收入不稳定", "农民工": "在本地务工，收入不稳定",
    "内退": "内退后仅领取生活费", "退休": "已退休，养老金较低", "病退": "因病提前退休",
    "下(待)岗": "单位待岗，仅领取基本生活费", "失(无)业": "失业在家，靠打零工维持生活",
}
EXIT_NOTES = {"已脱困": "家庭收入增加，人均收入超过认定标准", "退休": "本人退休，转社区管理", "调离": "调离本镇工作",
              "死亡": "本人病故", "核查不符": "入户核查家庭收入与申报不符"}
MODEL_LEVELS = (("全国", 4), ("省部级", 30), ("地市级", 50), ("其他", 16))
POLITICAL = (("中共党员", 12), ("群众", 86), ("民主党派", 1), ("其他", 1))
POLITICAL_YOUNG = (("中共党员", 6), ("共青团员", 12), ("群众", 80), ("其他", 2))
CANCEL_REASONS = (("退休", 30), ("调离", 35), ("死亡", 15), ("核查不符", 20))
CANCEL_REASONS_YOUNG = (("调离", 55), ("死亡", 10), ("核查不符", 35))
MARITAL = (("已婚", 72), ("离异", 12), ("丧偶", 7), ("未婚", 9))
CHILD_COUNTS = ((0, 15), (1, 45), (2, 33), (3, 7))
PENDING_STATUSES = (("申请", 45), ("审核中", 40), ("公示中", 15))
EXIT_STATUSES = (("脱困", 40), ("解困", 30), ("注销", 30))
HOUSING = (("自有住房", 55), ("公租房", 12), ("租住私房", 20), ("借住", 8), ("其他", 5))
FILED_FROM = dt.date(2018, 3, 1)
FILED_TO = dt.date(2026, 10, 31)
RECENT_DAYS = 90


@dataclass(frozen=True)
class Unit:
    id: uuid.UUID
    union_id: uuid.UUID
    name: str
    village: str
    migrant: bool


@dataclass(slots=True)
class FileInfo:
    """What the campaigns and visits need to know of a generated file."""

    id: uuid.UUID
    category: str
    status: str
    filed: dt.date
    exit_date: dt.date | None
    dues_paid: bool
    model_level: str
    has_card: bool
    size: int
    main_cause: str
    employment: str
    student_tier: str
    student_name: str
    student_school: str
    income_text: str


@dataclass
class Batch:
    files: list[FileInfo] = field(default_factory=list)
    file_rows: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    causes: list[dict] = field(default_factory=list)
    incomes: list[dict] = field(default_factory=list)

    def tables(self) -> tuple[tuple[Table, list[dict]], ...]:
        return tuple((cast(Table, model.__table__), rows) for model, rows in (
            (WorkerFile, self.file_rows), (HouseholdMember, self.members), (HardshipCause, self.causes),
            (IncomeItem, self.incomes),
        ))


def core_common(
    rng: random.Random, office_id: uuid.UUID, when: dt.datetime, updated: dt.datetime | None = None
) -> dict[str, Any]:
    """The exchanged columns of a row written with a Core insert (no mapper sets them there)."""
    return {"id": new_uuid(rng), "origin_office_id": office_id, "created_at": when,
            "updated_at": updated or when, "row_version": 1}


def _yuan(rng: random.Random, low: int, high: int) -> int:
    """A whole number of hundreds of yuan between low and high yuan, as fen."""
    return ri(rng, low // 100, high // 100 + 1) * 10_000


@dataclass(slots=True)
class _Member:
    name: str
    id_number: str
    relation: str
    birth: dt.date
    health: str
    identity: str
    where: str = ""
    earns: float = 0.0  # share of the household's earned income
    tier: str = ""  # 高中 / 大学 for students (金秋助学)
    income: int = 0  # monthly fen


@dataclass(slots=True)
class _Head:
    category: str
    group: str
    migrant: bool
    employment: str
    birth: dt.date
    sex: str
    family: str
    given: str
    unit: Unit
    hukou: str
    health: str
    marital: str
    id_number: str = ""
    disability: str = ""
    income: int = 0

    @property
    def age(self) -> int:
        return DEMO_TODAY.year - self.birth.year

    @property
    def line(self) -> int:
        return DIBAO_URBAN_FEN if self.hukou == "非农业" else DIBAO_RURAL_FEN


class People:
    """Generates households in filing order; identity numbers are unique across all of them."""

    def __init__(self, rng: random.Random, office_id: uuid.UUID, units: list[Unit]) -> None:
        self.rng, self.office_id, self.units = rng, office_id, units
        self.migrant_units = [u for u in units if u.migrant] or units
        self.used_ids: set[str] = set()
        self.file_seq: dict[int, int] = {}

    def filed_dates(self, n: int, chunk: int) -> Iterator[list[dt.date]]:
        """All filing dates in order (so file numbers follow them), in chunks; some are recent
        applications still under way."""
        recent = (DEMO_TODAY - dt.timedelta(days=RECENT_DAYS), FILED_TO)
        days = sorted(random_date(self.rng, *(recent if self.rng.random() < 0.05 else (FILED_FROM, FILED_TO)))
                      for _ in range(n))
        for start in range(0, n, chunk):
            yield days[start:start + chunk]

    def make_batch(self, days: list[dt.date]) -> Batch:
        batch = Batch()
        for filed in days:
            self._household(batch, filed)
        return batch

    def _id(self, sex: str, birth: dt.date) -> str:
        return id_number(self.rng, id_region(self.rng, birth), birth, sex, self.used_ids)

    def _head(self, filed: dt.date) -> _Head:
        rng = self.rng
        legacy = filed < dt.date(2020, 1, 1) and rng.random() < 0.15
        category = weighted(rng, LEGACY_WEIGHTS if legacy else CATEGORY_WEIGHTS)
        migrant = rng.random() < 0.20
        employment = "农民工" if migrant else weighted(rng, EMPLOYMENT)
        low, high = BIRTH_YEARS.get(employment, (1965, 2000))
        year = int(rng.triangular(low, high + 0.999, min(max(1977, low), high)))
        birth = dt.date(year, 1, 1) + dt.timedelta(days=ri(rng, 0, 365))
        sex = "男" if rng.random() < 0.56 else "女"
        family = surname(rng)
        given = rng.choice(MALE_NAMES if sex == "男" else FEMALE_NAMES)
        unit = rng.choice(self.migrant_units if migrant else self.units)
        hukou = "农业" if migrant or rng.random() < 0.5 else "非农业"
        group = GROUP_OF[category]
        health = weighted(rng, HEAD_HEALTH[group])
        if DEMO_TODAY.year - year < 28:
            marital = "未婚" if rng.random() < 0.6 else "已婚"
        else:
            marital = weighted(rng, MARITAL)
        head = _Head(category, group, migrant, employment, birth, sex, family, given, unit, hukou, health, marital)
        head.id_number = self._id(sex, birth)
        if health == "残疾":
            head.disability = rng.choice(DISABILITY_KINDS) + rng.choice(DISABILITY_GRADES)
        return head

    def _members(self, head: _Head) -> list[_Member]:
        """Spouse, children (many at school) and sometimes parents; at most four."""
        rng = self.rng
        members: list[_Member] = []
        if head.marital == "已婚":
            sex = "女" if head.sex == "男" else "男"
            birth = head.birth + dt.timedelta(days=ri(rng, -5 * 365, 5 * 365))
            birth = min(max(birth, dt.date(1955, 1, 1)), dt.date(2001, 12, 31))
            spouse = _Member(surname(rng) + rng.choice(MALE_NAMES if sex == "男" else FEMALE_NAMES),
                             self._id(sex, birth), "配偶", birth, weighted(rng, SPOUSE_HEALTH), "无业")
            if DEMO_TODAY.year - birth.year >= 58 and head.hukou == "非农业":
                spouse.identity, spouse.earns = "退休", 0.7
            elif rng.random() < 0.55 and spouse.health not in SERIOUS:
                spouse.identity, spouse.earns = "在岗", 0.8
                spouse.where = rng.choice((rng.choice(self.units).name, rng.choice(MIGRANT_JOBS)))
            members.append(spouse)
        if head.marital != "未婚" and head.age >= 24:
            father_side = members[0].name[0] if head.sex == "女" and head.marital == "已婚" else head.family
            for _ in range(weighted(rng, CHILD_COUNTS)):
                year = head.birth.year + ri(rng, 21, 39)
                if year <= 2025:
                    members.append(self._child(father_side, dt.date(year, 1, 1) + dt.timedelta(days=ri(rng, 0, 365))))
        if head.birth.year >= 1975 and rng.random() < 0.35:
            for relation, sex in (("父亲", "男"), ("母亲", "女")):
                if rng.random() < 0.7:
                    birth = dt.date(head.birth.year - ri(rng, 22, 33), 1, 1) + dt.timedelta(days=ri(rng, 0, 365))
                    name = (head.family if sex == "男" else surname(rng)) + \
                        rng.choice(OLD_MALE_NAMES if sex == "男" else OLD_FEMALE_NAMES)
                    retired = head.hukou == "非农业"
                    members.append(_Member(name, self._id(sex, birth), relation, birth, weighted(rng, PARENT_HEALTH),
                                           "退休" if retired else "无业", earns=0.4 if retired else 0.0))
        return members[:4]

    def _child(self, family: str, birth: dt.date) -> _Member:
        rng = self.rng
        sex = "男" if rng.random() < 0.52 else "女"
        age = DEMO_TODAY.year - birth.year
        child = _Member(family + rng.choice(BOY_NAMES if sex == "男" else GIRL_NAMES), self._id(sex, birth),
                        "子" if sex == "男" else "女", birth,
                        "良好" if rng.random() < 0.93 else rng.choice(("一般疾病", "残疾", "血液病")), "无业")
        if age < 6:
            child.identity = "学龄前"
        elif age < 18 or (age < 22 and rng.random() < 0.7):
            level = "小学" if age < 12 else "初中" if age < 15 else "高中" if age < 18 else "大学"
            child.identity, child.where = "学生", rng.choice(SCHOOLS[level])
            child.tier = level if level in ("高中", "大学") else ""
        elif rng.random() < 0.6:
            child.identity, child.where, child.earns = "在岗", rng.choice(MIGRANT_JOBS), 0.5
        return child

    def _money(self, head: _Head, members: list[_Member]) -> tuple[list[list[Any]], list[tuple[str, int, str]], int]:
        """Rigid expenses and incomes chosen so the per-capita net income fits the category:
        returns (incomes, expenses, per-capita monthly net fen) and sets every monthly income."""
        rng = self.rng
        size = 1 + len(members)
        low, high = PER_CAPITA_FACTOR[head.group]
        target = int(head.line * rng.uniform(low, high))
        expenses: list[tuple[str, int, str]] = []
        sick = [h for h in [head.health] + [m.health for m in members] if h in SERIOUS]
        if sick:
            heavy = sick[0] in ("恶性肿瘤", "终末期肾病", "血液病")
            fee = _yuan(rng, 30_000, 90_000) if heavy else _yuan(rng, 8_000, 30_000)
            expenses.append(("医疗", fee, f"{sick[0]}治疗自付费用"))
        elif head.health in ("一般疾病", "糖尿病") and rng.random() < 0.5:
            expenses.append(("医疗", _yuan(rng, 2_000, 6_000), "慢性病门诊费用"))
        elif head.group == "accident":
            if rng.random() < 0.5:
                expenses.append(("其他刚性支出", _yuan(rng, 20_000, 50_000), "2026年洪涝灾害房屋受损修缮"))
            else:
                expenses.append(("医疗", _yuan(rng, 12_000, 40_000), "交通事故受伤治疗自付费用"))
        for m in members:
            if m.tier:
                fee = _yuan(rng, 3_000, 6_000) if m.tier == "高中" else _yuan(rng, 8_000, 16_000)
                expenses.append(("教育", fee, f"{m.name}{m.tier}学杂费及生活费"))
        if (head.health == "残疾" or any(m.health == "残疾" for m in members)) and rng.random() < 0.6:
            expenses.append(("残疾康复", _yuan(rng, 2_000, 6_000), "康复治疗及辅具"))
        spent = sum(e[1] for e in expenses)
        gross = target * size * 12 + spent  # annual income the household needs for that per-capita net
        incomes: list[list[Any]] = []
        if head.group == "deep" and rng.random() < 0.5:
            incomes.append(["低保金", size * ri(rng, 150, 301) * 1200, "城乡低保"])
        if head.employment in ("失(无)业", "下(待)岗") and rng.random() < 0.3:
            incomes.append(["失业金", ri(rng, 1100, 1501) * 100 * ri(rng, 6, 13), "失业保险金"])
        if _single_parent(head, members) and rng.random() < 0.5:
            incomes.append(["赡养费/抚养费", ri(rng, 300, 601) * 1200, "子女抚养费"])
        rural_parents = sum(1 for m in members if m.relation in ("父亲", "母亲") and m.identity == "无业")
        if rural_parents:
            incomes.append(["养老金", rural_parents * ri(rng, 1800, 2401) * 100, "父母城乡居民基本养老金"])
        if rng.random() < 0.03:
            incomes.append(["租金", _yuan(rng, 2_000, 6_000), "门面出租"])
        fixed, cap = sum(i[1] for i in incomes), int(gross * 0.6)
        if fixed > cap:
            for i in incomes:
                i[1] = i[1] * cap // fixed // 100 * 100
            fixed = sum(i[1] for i in incomes)
        monthly = (gross - fixed) / 12
        weights = [HEAD_EARNS[head.employment] * (0.5 if head.health in SERIOUS else 1.0)] + [m.earns for m in members]
        earnings = [0] * len(weights)
        if sum(weights) == 0:
            incomes.append(["其他收入", int(monthly * 12) // 100 * 100, "务农及打零工收入"])
        else:  # shares in whole tens of yuan; the main earner takes the remainder
            main = max(range(len(weights)), key=lambda k: weights[k])
            for k, w in enumerate(weights):
                if k != main:
                    earnings[k] = int(monthly * w / sum(weights) / 1000) * 1000
            earnings[main] = max(0, round((monthly - sum(earnings)) / 1000) * 1000)
        head.income = earnings[0]
        for m, fen in zip(members, earnings[1:], strict=True):
            m.income = fen
        net = 12 * sum(earnings) + sum(i[1] for i in incomes) - spent
        return incomes, expenses, net // (12 * size)

    def _causes(self, head: _Head, members: list[_Member], expenses: list[tuple[str, int, str]]) -> list[str]:
        """One main cause and up to three secondary ones, from the household's facts."""
        rng = self.rng
        sick = head.health in SERIOUS or any(m.health in SERIOUS for m in members)
        pool: list[str] = []
        if head.group == "accident":
            disaster = any(e[0] == "其他刚性支出" for e in expenses)
            pool.append("遭受自然灾害" if disaster else "患重特大疾病" if sick else "遭受意外事故")
        if sick:
            pool.append("患重特大疾病")
        if head.health == "残疾" or (head.health in SERIOUS and head.employment in ("失(无)业", "下(待)岗", "病退")):
            pool.append("无劳动能力")
        if head.employment == "下(待)岗":
            pool.append("下岗失业")
        elif head.employment == "失(无)业":
            pool.append(rng.choice(("下岗失业", "有劳动能力而未就业")))
        if any(m.tier for m in members):
            pool.append("子女上学")
        if head.migrant and rng.random() < 0.3:
            pool.append("未参加社会保险")
        if rng.random() < 0.05:
            pool.append("社会保险待遇未落实")
        pool = list(dict.fromkeys(pool)) or ["其他"]
        return pool[:1] + rng.sample(pool[1:], min(len(pool) - 1, ri(rng, 0, 4)))

    def _lifecycle(self, filed: dt.date, head: _Head) -> tuple[str, dt.date | None, str, dt.date | None]:
        """(status, exit date, exit reason, last annual review)."""
        rng = self.rng
        age_days = (DEMO_TODAY - filed).days
        if age_days < RECENT_DAYS and rng.random() < 0.8:
            return weighted(rng, PENDING_STATUSES), None, "", None
        legacy = head.category in ("低保户", "特困", "低保边缘户")
        if age_days > 240 and rng.random() < (0.6 if legacy else min(0.3, 0.035 * age_days / 365)):
            status = weighted(rng, EXIT_STATUSES)
            exit_date = random_date(rng, filed + dt.timedelta(days=200), DEMO_TODAY - dt.timedelta(days=5))
            reason = "已脱困" if status != "注销" else \
                weighted(rng, CANCEL_REASONS if head.age >= 50 else CANCEL_REASONS_YOUNG)
            return status, exit_date, reason, random_date(rng, filed, exit_date)
        if rng.random() < 0.85 or age_days < 400:  # reviewed within the year, or overdue (动态管理)
            return "在档", None, "", random_date(rng, max(filed, DEMO_TODAY - dt.timedelta(days=330)), DEMO_TODAY)
        return "在档", None, "", random_date(rng, filed, DEMO_TODAY - dt.timedelta(days=400))

    def _household(self, batch: Batch, filed: dt.date) -> None:
        rng, office_id = self.rng, self.office_id
        file_id = new_uuid(rng)
        self.file_seq[filed.year] = seq = self.file_seq.get(filed.year, 0) + 1
        head = self._head(filed)
        members = self._members(head)
        incomes, expenses, per_capita = self._money(head, members)
        size = 1 + len(members)
        income_text = (f"家庭{size}口人，月人均收入{per_capita / 100:.2f}元，"
                       f"为低保线{head.line // 100}元的{per_capita * 100 / head.line:.0f}%")
        causes = self._causes(head, members, expenses)
        status, exit_date, exit_reason, reviewed = self._lifecycle(filed, head)
        when = stamp(rng, filed)
        touched = max(d for d in (filed, reviewed, exit_date) if d is not None)
        updated = stamp(rng, touched) if touched > filed else when

        base = {"origin_office_id": office_id, "created_at": when, "updated_at": when, "row_version": 1}
        child = {**base, "worker_file_id": file_id}
        for position, cause in enumerate(causes):
            batch.causes.append({**child, "id": new_uuid(rng), "position": position, "cause": cause,
                                 "text": "家庭负担重，收入低" if cause == "其他" else ""})
        for position, m in enumerate(members):
            batch.members.append({
                **child, "id": new_uuid(rng), "position": position, "name": m.name, "relation": m.relation,
                "id_number": m.id_number, "birth_date": m.birth, "health": m.health, "identity": m.identity,
                "unit_or_school": m.where, "monthly_income_fen": m.income, "note": "在读" if m.tier else "",
            })
        for direction, entries in (("income", incomes), ("expense", expenses)):
            for kind, annual, note in entries:
                batch.incomes.append({**child, "id": new_uuid(rng), "direction": direction, "kind": kind,
                                      "annual_fen": annual, "note": note})

        bank = bank_account(rng) if rng.random() < 0.88 else ("", "", "")
        model = weighted(rng, MODEL_LEVELS) if rng.random() < 0.02 else "非劳模"
        dues = rng.random() < (0.90 if head.migrant else 0.96)
        village = head.unit.village if rng.random() < 0.5 else rng.choice(VILLAGES)
        students = [m for m in members if m.tier]
        student = max(students, key=lambda m: m.tier == "大学", default=None)
        single_parent = _single_parent(head, members)
        earns_little = HEAD_EARNS[head.employment] < 0.5
        pinyin, initials = name_pinyin(head.family, head.given)
        batch.file_rows.append({
            **base, "updated_at": updated, "id": file_id, "office_id": office_id,
            "file_no": f"{FILE_PREFIX}-{filed.year}-{seq:04d}", "name": head.family + head.given,
            "name_initials": initials, "name_pinyin": pinyin, "sex": head.sex,
            "ethnicity": weighted(rng, ETHNICITIES), "id_number": head.id_number, "birth_date": head.birth,
            "phone": mobile(rng), "address": address(rng, village), "region_code": REGION_CODE,
            "hukou_type": head.hukou,
            "political_status": weighted(rng, POLITICAL_YOUNG if head.age < 28 else POLITICAL),
            "marital_status": head.marital, "health": head.health, "disability": head.disability,
            "housing": weighted(rng, HOUSING), "medical_insurance": _insurance(rng, head),
            "work_unit_id": head.unit.id, "union_id": head.unit.union_id, "employment_status": head.employment,
            "worker_type": "困难农民工" if head.migrant else "困难职工", "model_worker_level": model,
            "dues_paid": dues, "single_parent": single_parent,
            "zero_employment": earns_little and not any(m.identity == "在岗" for m in members),
            "self_help_capable": head.health == "良好" and head.age < 55 and rng.random() < 0.4,
            "category": head.category, "situation": _situation(head, members, expenses, single_parent, income_text),
            "monthly_income_fen": head.income, "bank_name": bank[0], "bank_branch": bank[1], "bank_card": bank[2],
            "status": status, "filed_date": filed, "reviewed_date": reviewed, "exit_date": exit_date,
            "exit_reason": exit_reason, "exit_note": EXIT_NOTES.get(exit_reason, ""), "deleted": False,
        })
        batch.files.append(FileInfo(
            file_id, head.category, status, filed, exit_date, dues, model, bool(bank[2]), size, causes[0],
            head.employment, student.tier if student else "", student.name if student else "",
            student.where if student else "", income_text,
        ))


def _single_parent(head: _Head, members: list[_Member]) -> bool:
    return head.marital in ("离异", "丧偶") and any(m.relation in ("子", "女") for m in members)


def _insurance(rng: random.Random, head: _Head) -> str:
    if rng.random() < 0.03:
        return "未参保"
    employed = head.hukou == "非农业" and head.employment != "失(无)业"
    return "城镇职工基本医疗保险" if employed else "城乡居民基本医疗保险"


def _situation(head: _Head, members: list[_Member], expenses: list[tuple[str, int, str]], single_parent: bool,
               income_text: str) -> str:
    """The free-text 困难情况 as a clerk would write it."""
    parts = [
        f"本人{head.disability}残疾" if head.disability else f"本人患{head.health}" if head.health != "良好" else "",
        EMPLOYMENT_TEXT[head.employment],
        next((f"配偶患{m.health}" for m in members if m.relation == "配偶" and m.health in SERIOUS), ""),
        f"{sum(1 for m in members if m.tier)}个子女在读高中或大学" if any(m.tier for m in members) else "",
        next((e[2] for e in expenses if e[0] == "其他刚性支出" or e[2].startswith("交通事故")), ""),
        "单亲家庭" if single_parent else "",
    ]
    return "；".join(p for p in parts if p) + f"。{income_text}。"
