"""Code lists of DOMAIN.md. Stored values are these Chinese terms, as the registers write them."""

from __future__ import annotations

CATEGORIES_CURRENT = ("深度困难", "相对困难", "意外致困")
CATEGORIES_LEGACY = ("低保户", "低保边缘户", "意外致困户")
CATEGORIES_OLDEST = ("特困", "重困", "一般困难")
CATEGORIES = CATEGORIES_CURRENT + CATEGORIES_LEGACY + CATEGORIES_OLDEST

WORKER_TYPES = ("困难职工", "困难农民工")

FILE_STATUSES = ("申请", "审核中", "公示中", "在档", "解困", "脱困", "注销")
ACTIVE_FILE_STATUS = "在档"
EXIT_REASONS = ("已脱困", "退休", "调离", "死亡", "核查不符")

POLITICAL_STATUSES = ("中共党员", "共青团员", "群众", "民主党派", "其他")
HEALTH_STATUSES = ("良好", "恶性肿瘤", "心脑血管病", "终末期肾病", "精神病", "血液病", "糖尿病", "残疾", "一般疾病")
DISABILITY_KINDS = ("视力", "听力", "言语", "智力", "肢体", "精神", "多重")
DISABILITY_GRADES = ("一级", "二级", "三级", "四级")
EMPLOYMENT_STATUSES = ("在岗", "下(待)岗", "失(无)业", "退休", "离休", "病退", "内退", "农民工", "派遣")
MODEL_WORKER_LEVELS = ("非劳模", "全国", "省部级", "地市级", "其他")
MARITAL_STATUSES = ("未婚", "已婚", "离异", "丧偶")
HUKOU_TYPES = ("非农业", "农业")
HOUSING_TYPES = ("自有住房", "公租房", "租住私房", "借住", "其他")
# GB/T 3304 民族名称, in the standard's code order (01 汉族 … 56 基诺族), then 其他 (97 其他未识别民族, e.g.
# 穿青人 in Guizhou; 98 外国血统中国籍人士). All 56: a list of nine refused real people.
ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族",
    "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族",
    "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族",
    "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族",
    "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
    "其他", "外国血统中国籍人士",
)

RELATIONS = ("配偶", "子", "女", "父亲", "母亲", "孙子女", "兄弟姐妹", "其他")
MEMBER_IDENTITIES = ("在岗", "务农", "学生", "无业", "退休", "学龄前", "其他")  # 务农: most members in a rural township

CAUSES = (
    "无劳动能力", "有劳动能力而未就业", "下岗失业", "未参加社会保险", "社会保险待遇未落实",
    "患重特大疾病", "遭受自然灾害", "遭受意外事故", "子女上学", "其他",
)
INCOME_KINDS = ("养老金", "失业金", "租金", "利息", "赡养费/抚养费", "低保金", "其他收入")
EXPENSE_KINDS = ("医疗", "教育", "残疾康复", "其他刚性支出")

ATTACHMENT_KINDS = (
    "申请书", "身份证/户口簿复印件", "收入证明", "低保证", "诊断证明及医疗票据", "残疾证",
    "入学通知/学费票据", "离婚/丧偶证明", "劳动合同", "会员证明", "家庭经济状况核对授权书", "公示材料", "照片",
)

ITEM_KINDS = ("送温暖慰问", "生活救助", "医疗救助", "金秋助学", "临时救助", "法律援助", "职业培训/介绍")
CAMPAIGN_KINDS = ("送温暖", "金秋助学", "医疗救助", "生活救助", "临时救助")
FUND_SOURCES = ("中央财政", "地方财政", "上级拨付", "本级工会经费", "社会捐助", "其他")

ORG_KINDS = {"union": "基层工会", "unit": "工作单位"}
OFFICE_LEVELS = {"township": "乡镇/街道工会", "county": "县总工会"}
AREA_KINDS = {"urban": "城市", "rural": "农村"}

VISIT_PURPOSES = ("节日慰问", "三必访-住院", "三必访-丧事", "三必访-家庭纠纷", "结对帮扶")
VISIT_OUTCOMES = ("计划", "已走访", "不在家", "改期")

# What the audit log names a table as, for people reading it.
ENTITY_LABELS = {
    "local_info": "本机信息", "offices": "单位", "org_units": "组织机构", "users": "用户",
    "user_roles": "用户角色", "setting_versions": "参数设置", "dibao_lines": "低保线", "payment_standards": "补助标准",
    "worker_files": "困难职工档案", "household_members": "家庭成员", "income_items": "收入与刚性支出",
    "hardship_causes": "致困原因", "file_exclusions": "排除情形", "attachments": "附件", "campaigns": "活动",
    "campaign_budgets": "活动预算", "campaign_standards": "活动补助标准",
    "campaign_standard_bands": "活动补助标准（按家庭人口分档）", "spot_checks": "抽查",
    "spot_check_entries": "抽查记录", "exchange_log": "报送记录", "township_audit_log": "乡镇审计日志",
    "backups": "备份", "publications": "文件发布记录", "signing_keys": "本单位签名密钥",
    "registered_keys": "登记的对方单位密钥", "audit_anchors": "乡镇审计日志锚点",
    "audit_file_index": "审计日志档案索引", "notice_snapshots": "公示张贴原件",
    "voucher_campaign_counters": "活动凭证编号计数",
    "county_flags": "县总工会标记", "county_receipts": "县总工会已收附件",
    "assistance_items": "帮扶名单项", "item_transitions": "名单项状态变更", "notices": "公示", "objections": "异议",
    "voucher_counters": "凭证编号计数", "vouchers": "发放凭证", "visit_groups": "慰问组", "visits": "走访",
    "visit_households": "走访户",
    "goods_kinds": "慰问品种类", "goods_lines": "名单项慰问品", "goods_receipts": "慰问品入库",
    "visit_quotas": "走访指标",
}

# 县总工会标记 (county_flags.kind): the county's word on a township's item, file or campaign.
COUNTY_FLAG_KINDS = {
    "double_payment": "重复发放", "duplicate_file": "重复建档", "details_differ": "信息不一致",
    "final": "县总工会确认（最终名单）", "hold": "暂缓发放", "note": "说明",
}
COUNTY_FLAG_ENTITIES = {"assistance_items": "帮扶名单项", "worker_files": "档案", "campaigns": "活动"}
