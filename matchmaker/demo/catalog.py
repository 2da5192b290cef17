"""Hand-written building blocks of the demo market: organisations, people, technology offers and needs.

Everything here is fictional. The texts are written per field so that a demo shows varied, specific
listings; generate.py only distributes them over organisations and adds prices, patents and contacts.
A title made only of ASCII characters marks an English posting.
"""
from __future__ import annotations

from typing import NamedTuple


class Org(NamedTuple):
    key: str
    kind: str
    name: str
    province: str
    city: str
    region_code: str  # the 6-digit administrative division used inside the credit code
    domain: str  # invented e-mail and web domain
    fields: tuple[str, ...]  # fields the organisation works in, used to hand out postings
    description: str
    verified: bool = True
    website: bool = True


class Tech(NamedTuple):
    title: str
    maturity: str
    keywords: tuple[str, ...]
    text: str
    ip: str | None = None  # forces an IP status, e.g. software_copyright for software results
    org: str | None = None  # pins the offer to one organisation when the text depends on it


class Need(NamedTuple):
    org: str
    title: str
    keywords: tuple[str, ...]
    text: str
    budget: tuple[float | None, float | None]  # 万元; (None, None) means 面议
    modes: tuple[str, ...]
    maturity: str | None = None


ORGANISATIONS: list[Org] = [
    # Universities
    Org("jzlg", "university", "晋中理工大学", "山西省", "晋中市", "140700", "jzlg.edu.cn",
        ("new_materials", "smart_sensors", "advanced_equipment", "magnesium_alloy"),
        "山西省属重点建设理工科大学，材料、机械与仪器学科见长。学校技术转移中心常年面向晋中、太原企业开放中试平台。"),
    Org("bzkd", "university", "并州科技大学", "山西省", "太原市", "140100", "bzkd.edu.cn",
        ("new_energy_battery", "electronic_information", "energy_saving", "new_materials"),
        "以能源、化工和信息学科为特色的综合性科技大学。建有储能材料与器件省级重点实验室，近五年转化科技成果百余项。"),
    Org("fhu", "university", "汾河大学", "山西省", "太原市", "140100", "fhu.edu.cn",
        ("biomedicine", "green_food", "modern_agriculture", "other"),
        "文理医工协调发展的综合性大学，在中药资源、功能食品和生物制药方向形成稳定团队。"),
    Org("hdgy", "university", "河东工业大学", "山西省", "运城市", "140800", "hdgy.edu.cn",
        ("magnesium_alloy", "new_materials", "advanced_equipment"),
        "地处运城的工科院校，围绕当地镁产业设立轻合金学院，与园区企业共建镁合金成形联合实验室。"),
    Org("sdnl", "university", "上党农林大学", "山西省", "长治市", "140400", "sdnl.edu.cn",
        ("modern_agriculture", "green_food", "biomedicine"),
        "以旱作农业、特色杂粮和中药材种植为特色的农林院校，在上党地区建有多个科技小院。"),
    Org("qljt", "university", "秦岭交通大学", "陕西省", "西安市", "610100", "qljt.edu.cn",
        ("advanced_equipment", "smart_sensors", "magnesium_alloy", "electronic_information"),
        "以轨道交通、航空结构和智能装备为特色的工科大学，与山西多家装备企业保持长期合作。"),
    Org("jbhg", "university", "京北化工大学", "北京市", "北京市", "110108", "jbhg.edu.cn",
        ("new_materials", "new_energy_battery", "energy_saving", "biomedicine"),
        "化工、高分子与材料学科优势突出的高校，在电解液、隔膜和特种高分子方向拥有多项可转化成果。"),
    Org("jldz", "university", "金陵电子科技大学", "江苏省", "南京市", "320100", "jldz.edu.cn",
        ("electronic_information", "smart_sensors", "advanced_equipment"),
        "电子信息类特色高校，在微纳传感器、工业互联网和边缘智能方向积累深厚。"),
    Org("hdyk", "university", "沪东医科大学", "上海市", "上海市", "310115", "hdyk.edu.cn",
        ("biomedicine", "smart_sensors", "green_food"),
        "医学与生命科学为主的研究型大学，设有成果转化办公室，重点推动创新药、诊断试剂和医疗器械项目落地。"),
    Org("zjlg", "university", "珠江理工大学", "广东省", "广州市", "440100", "zjlg.edu.cn",
        ("new_energy_battery", "electronic_information", "energy_saving", "smart_sensors"),
        "面向粤港澳大湾区产业需求的理工大学，动力电池、功率电子与智能制造方向团队活跃。"),
    # Research institutes
    Org("sxmg", "institute", "山西省镁基材料研究院", "山西省", "运城市", "140800", "sxmgri.org.cn",
        ("magnesium_alloy", "new_materials", "energy_saving"),
        "聚焦原镁冶炼、镁合金熔铸与深加工的省级新型研发机构，拥有镁合金半连续铸造和挤压中试线。"),
    Org("sxmt", "institute", "山西省煤基低碳技术研究院", "山西省", "太原市", "140100", "sxcltri.org.cn",
        ("energy_saving", "new_materials", "new_energy_battery"),
        "面向煤炭清洁高效利用和工业节能降碳的研究院，在煤基炭材料、余热利用和CO₂资源化方向开展工程化研究。"),
    Org("sjxny", "institute", "三晋新能源研究院", "山西省", "太原市", "140100", "sjnei.org.cn",
        ("new_energy_battery", "energy_saving", "electronic_information"),
        "由地方政府与高校共建的新能源研发机构，主攻钠离子电池、储能系统集成与氢能关键材料。"),
    Org("jdzz", "institute", "晋东南智能制造研究院", "山西省", "长治市", "140400", "jdsimi.org.cn",
        ("advanced_equipment", "smart_sensors", "electronic_information"),
        "新近成立的地方新型研发机构，面向长治装备制造企业提供智能产线改造与工艺数字化服务。",
        verified=False, website=False),
    Org("xbsw", "institute", "西部生物医药研究院", "陕西省", "西安市", "610100", "wbmri.org.cn",
        ("biomedicine", "modern_agriculture", "green_food"),
        "从事生物药、中药现代化和兽用生物制品研究的研究院，具备GMP中试车间和动物实验平台。"),
    Org("csjcg", "institute", "长三角先进传感研究院", "江苏省", "苏州市", "320500", "yrdasi.org.cn",
        ("smart_sensors", "electronic_information", "advanced_equipment"),
        "专注MEMS工艺、柔性电子和传感器封装测试的研究院，对外开放8英寸MEMS中试线。"),
    Org("hbhz", "institute", "华北旱作农业研究所", "山西省", "晋中市", "140700", "ncdfi.org.cn",
        ("modern_agriculture", "green_food", "energy_saving"),
        "长期从事旱作节水、杂粮育种和农业废弃物利用研究，在晋中、吕梁建有试验示范基地。"),
    # Enterprises
    Org("meirui", "enterprise", "运城镁瑞合金科技有限公司", "山西省", "运城市", "140800", "meirui-mg.com.cn",
        ("magnesium_alloy",),
        "年产镁合金锭3万吨的民营企业，正由原镁和合金锭向型材、压铸件延伸产业链。"),
    Org("hongmei", "enterprise", "闻喜宏镁精密压铸有限公司", "山西省", "运城市", "140823", "hongmei-dc.com.cn",
        ("magnesium_alloy", "advanced_equipment"),
        "专业从事汽车与3C镁合金压铸件生产，拥有冷室压铸机22台，客户覆盖多家整车及零部件企业。"),
    Org("jinli", "enterprise", "山西晋锂新能源科技有限公司", "山西省", "太原市", "140100", "jinli-energy.com.cn",
        ("new_energy_battery",),
        "磷酸铁锂储能电芯与电池包制造企业，规划产能8 GWh，产品用于电网侧和工商业储能。"),
    Org("jingchen", "enterprise", "长治晶辰半导体材料有限公司", "山西省", "长治市", "140400", "jingchen-semi.com.cn",
        ("electronic_information", "new_materials"),
        "从事蓝宝石衬底、LED外延片和深紫外芯片的高新技术企业，正在布局碳化硅功率器件材料。"),
    Org("huitong", "enterprise", "晋中汇通智能装备股份有限公司", "山西省", "晋中市", "140700", "huitong-ie.com.cn",
        ("advanced_equipment", "smart_sensors"),
        "液压支架、煤矿智能化综采装备制造商，近年拓展至纺织机械与农业机械智能化改造。"),
    Org("hengyue", "enterprise", "太原恒岳特钢新材料有限公司", "山西省", "太原市", "140100", "hengyue-steel.com.cn",
        ("new_materials", "energy_saving"),
        "生产不锈钢精密带材与电工钢的材料企业，关注高端材料国产替代和生产环节节能降碳。"),
    Org("fenxing", "enterprise", "山西汾杏生物制药有限公司", "山西省", "吕梁市", "141100", "fenxing-pharma.com.cn",
        ("biomedicine", "green_food"),
        "以中药饮片、中成药和沙棘系列健康产品为主的制药企业，拥有口服固体制剂和提取车间。"),
    Org("wotian", "enterprise", "晋南沃田农业科技有限公司", "山西省", "临汾市", "141000", "wotian-agri.com.cn",
        ("modern_agriculture", "green_food"),
        "流转土地2.6万亩的农业产业化龙头企业，种植小麦、玉米、苹果并经营农机服务队。"),
    Org("chunxiang", "enterprise", "清徐醇香酿造食品有限公司", "山西省", "太原市", "140121", "chunxiang-food.com.cn",
        ("green_food", "energy_saving"),
        "传统老陈醋与果醋酿造企业，年产食醋5万吨，正推进酿造过程自动化和副产物综合利用。"),
    Org("wugufang", "enterprise", "山西五谷坊杂粮食品有限公司", "山西省", "忻州市", "140900", "wugufang-food.com.cn",
        ("green_food", "modern_agriculture"),
        "以小米、燕麦、荞麦等杂粮为原料生产即食谷物和主食化产品的食品企业。",
        verified=False, website=False),
    Org("lvneng", "enterprise", "山西晋煤绿能环保科技有限公司", "山西省", "晋城市", "140500", "lvneng-env.com.cn",
        ("energy_saving", "new_materials", "new_energy_battery"),
        "承接焦化、电厂和煤矿的节能环保工程，业务涵盖脱硫脱硝、废水零排放和固废资源化。"),
    Org("ganzhixin", "enterprise", "太原感知芯物联科技有限公司", "山西省", "太原市", "140100", "ganzhixin-iot.com.cn",
        ("smart_sensors", "electronic_information"),
        "面向煤矿、化工园区提供气体监测传感器和物联网平台的科技型中小企业。"),
    Org("pengchu", "enterprise", "深圳鹏储能源科技有限公司", "广东省", "深圳市", "440300", "pengchu-energy.com.cn",
        ("new_energy_battery", "electronic_information"),
        "户用储能与便携式电源品牌商，产品出口欧洲和东南亚，自建BMS与PCS研发团队。"),
    Org("jingce", "enterprise", "苏州精测传感技术有限公司", "江苏省", "苏州市", "320500", "jingce-sensing.com.cn",
        ("smart_sensors", "advanced_equipment"),
        "压力、温度及流量传感器制造商，产品用于工业过程控制和新能源汽车热管理系统。"),
    Org("qinchuan", "enterprise", "西安秦川航空部件有限公司", "陕西省", "西安市", "610100", "qinchuan-aero.com.cn",
        ("advanced_equipment", "magnesium_alloy", "new_materials"),
        "为航空及无人机整机厂配套结构件和精密机加件的民营企业，正在申请相关资质认证。",
        verified=False, website=False),
    Org("ruihe", "enterprise", "上海瑞禾医疗器械有限公司", "上海市", "上海市", "310115", "ruihe-med.com.cn",
        ("biomedicine", "smart_sensors"),
        "二类、三类有源医疗器械企业，主营可穿戴监护设备和体外诊断仪器。"),
    # Investors and banks
    Org("bzbank", "bank", "并州银行太原科技支行", "山西省", "太原市", "140100", "bzbank.com.cn",
        ("other",),
        "专营科技型企业金融服务的特色支行，提供知识产权质押融资、科技贷和投贷联动产品。"),
    Org("sanjinvc", "investor", "三晋转型创业投资管理有限公司", "山西省", "太原市", "140100", "sanjin-vc.com.cn",
        ("other",),
        "管理省级转型发展子基金，重点投资新能源、新材料和高端装备领域的早中期项目。"),
    Org("changhe", "investor", "北京长河天使投资管理有限公司", "北京市", "北京市", "110108", "changhe-angel.com.cn",
        ("other",),
        "专注高校科技成果转化项目的天使投资机构，单笔投资额一般为200万至1500万元。"),
    # Technology transfer agencies
    Org("sanjintt", "broker_agency", "三晋技术转移服务有限公司", "山西省", "太原市", "140100", "sanjin-tt.com.cn",
        ("other",),
        "省级示范技术转移机构，拥有持证技术经纪人28名，提供成果评价、技术合同登记和交易撮合服务。"),
    Org("meiguip", "broker_agency", "运城镁谷知识产权运营有限公司", "山西省", "运城市", "140800", "meigu-ip.com.cn",
        ("other",),
        "服务运城镁产业集群的知识产权运营机构，开展专利导航、专利池运营和技术经纪业务。"),
    Org("silutt", "broker_agency", "西安丝路技术经纪有限公司", "陕西省", "西安市", "610100", "silu-tt.com.cn",
        ("other",),
        "连接陕西高校院所与晋陕豫黄河金三角企业的技术经纪机构，擅长跨区域成果对接。"),
    # Incubators
    Org("jinyanghu", "incubator", "太原晋阳湖科创孵化器有限公司", "山西省", "太原市", "140100", "jyh-incubator.com.cn",
        ("other",),
        "国家级科技企业孵化器，在孵企业120余家，提供中试场地、创业辅导和路演服务。"),
    Org("shangdang", "incubator", "长治上党众创空间管理有限公司", "山西省", "长治市", "140400", "sd-makerspace.com.cn",
        ("other",),
        "面向长治装备制造和光电产业的众创空间，定期举办技术需求发布会和成果路演。"),
    # Government organisers
    Org("jinyanggx", "government", "晋阳高新技术产业开发区管理委员会", "山西省", "太原市", "140100", "jyhtz.gov.cn",
        ("new_energy_battery", "smart_sensors", "electronic_information", "advanced_equipment"),
        "负责园区科技创新与产业促进工作，组织揭榜挂帅项目和科技大市场常态化路演。"),
    Org("meigupark", "government", "运城镁谷产业园区管理委员会", "山西省", "运城市", "140800", "ycmgp.gov.cn",
        ("magnesium_alloy", "energy_saving"),
        "统筹运城镁产业园区规划建设与招商服务，面向全国发布镁产业关键共性技术榜单。"),
    Org("fendongkj", "government", "汾东新区科学技术局", "山西省", "晋中市", "140700", "fdxq-kj.gov.cn",
        ("modern_agriculture", "green_food", "biomedicine", "new_materials"),
        "负责新区科技计划、成果转化和科技金融工作，设立成果转化后补助专项资金。"),
]

# Organisations added after the catalogue above was first drawn; they draw from a stream of their own, so adding
# them leaves every earlier organisation, person and posting of the demo as it was.
LATER_ORGANISATIONS: list[Org] = [
    Org("hhbank", "bank", "黄河农商银行运城科创支行", "山西省", "运城市", "140800", "hhrcb.com.cn",
        ("other",),
        "面向运城镁产业集群和绿色食品企业的科创支行，办理政府风险补偿资金池项下的科技贷和知识产权质押贷。"),
]

# Pinyin is kept next to each character so e-mail addresses follow the usual "surname.given" pattern.
SURNAMES: list[tuple[str, str]] = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
    ("胡", "hu"), ("朱", "zhu"), ("高", "gao"), ("林", "lin"), ("何", "he"), ("郭", "guo"),
    ("马", "ma"), ("罗", "luo"), ("梁", "liang"), ("宋", "song"), ("郑", "zheng"), ("谢", "xie"),
    ("韩", "han"), ("唐", "tang"), ("冯", "feng"), ("董", "dong"), ("程", "cheng"), ("曹", "cao"),
    ("袁", "yuan"), ("邓", "deng"), ("薛", "xue"), ("阎", "yan"), ("郝", "hao"), ("贾", "jia"),
    ("秦", "qin"), ("段", "duan"), ("武", "wu"), ("乔", "qiao"), ("申", "shen"), ("常", "chang"),
]

GIVEN_NAMES: list[tuple[str, str]] = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("磊", "lei"),
    ("洋", "yang"), ("艳", "yan"), ("勇", "yong"), ("军", "jun"), ("杰", "jie"), ("涛", "tao"),
    ("志强", "zhiqiang"), ("建华", "jianhua"), ("晓东", "xiaodong"), ("海燕", "haiyan"),
    ("文博", "wenbo"), ("雅琴", "yaqin"), ("鹏飞", "pengfei"), ("思远", "siyuan"), ("晋生", "jinsheng"),
    ("丽君", "lijun"), ("国栋", "guodong"), ("慧敏", "huimin"), ("振华", "zhenhua"), ("雪梅", "xuemei"),
    ("宇航", "yuhang"), ("佳怡", "jiayi"), ("子豪", "zihao"), ("梦瑶", "mengyao"), ("建军", "jianjun"),
    ("春燕", "chunyan"), ("立新", "lixin"), ("红霞", "hongxia"), ("俊峰", "junfeng"), ("婷婷", "tingting"),
    ("浩然", "haoran"), ("秀英", "xiuying"), ("永刚", "yonggang"), ("雨桐", "yutong"), ("晨阳", "chenyang"),
]

# A few partner organisations in Shanghai, Jiangsu and Guangdong have foreign staff who write in English.
FOREIGN_NAMES: dict[str, tuple[str, str]] = {
    "jingce": ("Thomas Weber", "thomas.weber"),
    "hdyk": ("Claire Dubois", "claire.dubois"),
    "pengchu": ("Arjun Mehta", "arjun.mehta"),
}

# Members beyond each organisation's owner, with the platform roles they hold.
MEMBERS: list[tuple[str, tuple[str, ...]]] = [
    ("sanjintt", ("broker",)),
    ("sanjintt", ("broker",)),
    ("meiguip", ("broker",)),
    ("silutt", ("broker",)),
    ("jinyanggx", ("organiser",)),
    ("meigupark", ("organiser",)),
    ("fendongkj", ("organiser",)),
    ("jinyanghu", ("organiser",)),
    ("jzlg", ()),
    ("bzkd", ()),
    ("bzkd", ()),
    ("hdgy", ()),
    ("fhu", ()),
    ("sxmg", ()),
    ("sjxny", ()),
    ("meirui", ()),
    ("jinli", ()),
    ("jingce", ()),
    ("hdyk", ()),
    ("pengchu", ()),
]

# Owners of these organisations hold a platform role as well as owning the organisation.
OWNER_ROLES: dict[str, tuple[str, ...]] = {
    "sanjintt": ("broker",),
    "meiguip": ("broker",),
    "silutt": ("broker",),
    "jinyanggx": ("organiser",),
    "meigupark": ("organiser",),
    "shangdang": ("organiser",),
}


# Technology offers per field. English entries are written for the partners that publish in English.
OFFERS: dict[str, list[Tech]] = {}

OFFERS["new_energy_battery"] = [
    Tech("高镍三元正极材料单晶化制备技术", "pilot", ("单晶三元", "高镍正极", "熔盐烧结", "动力电池"),
         "采用熔盐辅助两步烧结制备镍含量≥88%的单晶三元正极，一次颗粒3–5 μm，抑制了多晶材料循环中的晶间开裂和产气。"
         "扣电首效≥91%，软包全电池1C循环2000次容量保持率90%，可支撑能量密度≥280 Wh/kg的动力电芯。"),
    Tech("磷酸锰铁锂正极材料碳包覆与纳米化技术", "small_batch", ("磷酸锰铁锂", "LMFP", "碳包覆", "正极材料"),
         "通过草酸盐共沉淀前驱体与双层碳包覆，解决磷酸锰铁锂电子电导率低、锰溶出导致寿命短的问题。"
         "材料压实密度≥2.5 g/cm³，0.1C比容量≥155 mAh/g，与LFP相比电芯能量密度提升15%以上，已建成百吨级示范线。"),
    Tech("钠离子电池层状氧化物正极材料及百公斤级制备工艺", "pilot", ("钠离子电池", "层状氧化物", "正极材料", "低温性能"),
         "以铜、钛共掺杂的O3型镍铁锰层状氧化物为基础，改善了钠电正极在空气中易吸水、表面碱残留高的缺陷。"
         "比容量≥135 mAh/g，-20℃放电容量保持率≥88%，1000次循环保持率≥85%，适合两轮车、便携式电源和寒冷地区储能。"),
    Tech("无烟煤基钠离子电池硬碳负极材料", "pilot", ("硬碳负极", "钠离子电池", "无烟煤", "低成本"),
         "以山西无烟煤为前驱体，经预氧化交联、低温裂解与1300℃高温炭化调控闭孔结构，替代价格较高的生物质硬碳。"
         "可逆容量≥300 mAh/g，首次库伦效率≥86%，原料成本降低约40%，公斤级样品已通过两家电芯企业评测。",
         org="sxmt"),
    Tech("硅氧负极预锂化及碳包覆一体化技术", "small_trial", ("硅氧负极", "预锂化", "首效提升", "快充"),
         "在SiOx颗粒表面同步完成镁热预锂化与气相碳包覆，一步解决硅氧材料首效低、体积膨胀大的问题。"
         "材料首效由75%提升至≥88%，比容量约1500 mAh/g，掺混10%于石墨负极时极片膨胀率≤25%。"),
    Tech("锂离子电池高安全阻燃电解液", "small_batch", ("阻燃电解液", "磷酸酯", "电池安全", "低温"),
         "采用氟代碳酸酯与环状磷酸酯复配溶剂体系，辅以成膜添加剂，兼顾阻燃与石墨负极兼容性。"
         "电解液自熄时间<6 s/g，满电软包针刺不起火，-30℃放电容量≥70%，适用于储能和特种电源。"),
    Tech("聚合物-无机复合固态电解质膜制备技术", "lab", ("固态电池", "复合电解质", "PEO", "LLZTO"),
         "通过原位聚合将石榴石型LLZTO纳米填料均匀分散于PEO基体，构建连续的锂离子快速通道。"
         "膜厚≤30 μm，室温离子电导率≥5×10⁻⁴ S/cm，电化学窗口4.8 V，锂对称电池0.2 mA/cm²下稳定循环1000小时。"),
    Tech("硫化物固态电解质液相法低成本合成工艺", "small_trial", ("硫化物电解质", "液相合成", "全固态电池", "Li6PS5Cl"),
         "以乙腈-四氢呋喃混合溶剂液相反应替代高能球磨，缩短合成周期、便于放大。"
         "所得Li6PS5Cl室温离子电导率≥3 mS/cm，单批次产量可达公斤级，原料成本较固相法降低约35%。"),
    Tech("废旧磷酸铁锂电池正极材料直接再生修复技术", "pilot", ("电池回收", "磷酸铁锂", "直接再生", "补锂修复"),
         "对退役磷酸铁锂极片剥离所得正极粉进行补锂-水热-短时烧结修复，不经酸浸即可恢复橄榄石晶体结构。"
         "再生材料比容量≥155 mAh/g，性能达到新料标准，较湿法冶金回收减少酸碱消耗90%，综合处理成本降低约30%。"),
    Tech("动力电池包液冷板轻量化设计与钎焊制造技术", "small_batch", ("液冷板", "热管理", "电池包", "轻量化"),
         "基于拓扑优化设计流道，采用铝合金冲压-真空钎焊一体成形，解决大模组电芯间温差大的问题。"
         "1C充放电时模组内温差≤3℃，液冷板减重约20%，爆破压力≥1.2 MPa，已配套两款商用车电池包。"),
    Tech("储能电池簇主动均衡电池管理系统", "industrial", ("BMS", "主动均衡", "储能系统", "SOC估算"),
         "采用双向反激主动均衡拓扑与自适应卡尔曼滤波算法，缓解储能电池簇因单体不一致造成的可用容量衰减。"
         "均衡电流可达5 A，SOC估算误差≤2%，在某100 MWh储能电站应用后可用容量提升约6%。",
         ip="software_copyright"),
    Tech("基于电化学阻抗谱的锂电池健康状态快速评估方法", "small_trial", ("电化学阻抗谱", "SOH", "梯次利用", "快速分选"),
         "通过宽频阻抗特征提取与机器学习模型，10分钟内完成退役电芯健康状态评估，替代耗时的满充满放测试。"
         "SOH估计误差≤3%，单台设备日分选能力约2000只电芯，适用于梯次利用企业的来料检测。"),
    Tech("锂电池干法电极成膜工艺", "lab", ("干法电极", "PTFE纤维化", "无溶剂", "厚电极"),
         "利用PTFE在剪切作用下原位纤维化将活性物质粘结成自支撑膜，再热压复合至集流体，全过程不使用NMP溶剂。"
         "极片面容量≥6 mAh/cm²，省去涂布烘干工序，理论上可降低极片制造能耗约40%。"),
    Tech("全钒液流电池非氟离子交换膜", "pilot", ("全钒液流电池", "离子交换膜", "长时储能", "磺化聚醚醚酮"),
         "以磺化聚醚醚酮为基体复合二维纳米片，兼顾质子传导与钒离子阻隔，替代价格昂贵的全氟磺酸膜。"
         "钒离子渗透率约为全氟膜的十分之一，200 mA/cm²下能量效率≥82%，膜材料成本约为进口产品的30%。"),
    Tech("铁铬液流电池电解液稳定化与铋修饰碳毡电极", "small_trial", ("铁铬液流电池", "析氢抑制", "碳毡电极", "长时储能"),
         "针对铁铬液流电池负极析氢严重、容量衰减快的问题，开发铋修饰碳毡电极和电解液再平衡方法。"
         "库伦效率≥97%，500次循环容量衰减率≤0.05%/次，电解液原料成本低于500元/kWh。"),
    Tech("锂电池隔膜陶瓷-芳纶复合涂覆技术", "small_batch", ("隔膜涂覆", "芳纶", "耐热隔膜", "电池安全"),
         "在聚乙烯基膜上依次涂覆勃姆石陶瓷层与间位芳纶层，提高隔膜耐热性和电解液浸润性。"
         "180℃/1 h热收缩率≤2%，涂覆后透气度增加≤20 s/100 mL，已在3条涂布线上稳定量产。"),
    Tech("锂电池热失控早期预警多气体探测技术", "pilot", ("热失控预警", "气体探测", "储能安全", "消防联动"),
         "通过电芯泄压阀开启初期释放的氢气、一氧化碳和电解液蒸气组合特征识别热失控前兆，弥补温度监测滞后的不足。"
         "预警时间较温度报警提前8–10分钟，误报率≤0.1次/年·舱，可与储能舱消防系统联动。"),
    Tech("质子交换膜燃料电池低铂催化剂", "small_trial", ("燃料电池", "低铂催化剂", "铂合金", "氢能"),
         "采用有序化PtCo金属间化合物纳米颗粒负载于氮掺杂碳载体，提高氧还原活性与耐久性。"
         "阴极铂载量≤0.2 mg/cm²，质量活性≥0.44 A/mg Pt，3万圈加速衰减后活性保持≥60%。"),
    Tech("碱性电解水制氢高活性镍基电极", "pilot", ("电解水制氢", "镍基电极", "碱性电解槽", "绿氢"),
         "在镍网基底上电沉积多孔NiMo析氢层和NiFe析氧层，降低碱性电解槽过电位。"
         "400 mA/cm²下小室电压≤1.85 V，直流电耗≤4.3 kWh/Nm³ H₂，已在千标方级电解槽上连续运行3000小时。"),
    Tech("负极材料连续石墨化工艺及装备", "pilot", ("人造石墨", "连续石墨化", "负极材料", "节能"),
         "以竖式连续石墨化炉替代传统艾奇逊箱式炉，物料连续进出，解决间歇生产周期长、能耗高的问题。"
         "吨石墨化电耗由约1.2万 kWh降至0.8万 kWh以下，产品石墨化度≥93%，比容量≥355 mAh/g。"),
    Tech("三元前驱体共沉淀反应釜流场优化与粒度控制技术", "industrial", ("三元前驱体", "共沉淀", "粒度控制", "CFD"),
         "结合CFD流场仿真改造反应釜挡板与桨叶，并建立pH-氨浓度在线闭环控制，稳定前驱体球形度和粒度分布。"
         "批次间D50波动≤0.3 μm，振实密度≥2.0 g/cm³，已在万吨级产线上应用。"),
    Tech("退役动力电池梯次利用储能系统集成技术", "industrial", ("梯次利用", "退役电池", "通信基站备电", "储能"),
         "针对退役电池一致性差的问题，采用模块级DC/DC隔离与分簇管理，实现不同衰减程度电池混合成组。"
         "系统能量效率≥88%，已在通信基站备电和低速车充换电场景累计应用超过20 MWh。"),
    Tech("锂电池极片激光模切与毛刺控制技术", "small_batch", ("激光模切", "极片", "毛刺控制", "锂电装备"),
         "采用皮秒激光与振镜飞行切割替代五金模具冲切，避免刀具磨损带来的毛刺和掉粉。"
         "切割速度≥120 m/min，毛刺≤8 μm，热影响区≤30 μm，换型时间由数小时缩短到10分钟以内。"),
    Tech("Water-based binder for high-loading LFP cathodes", "small_trial",
         ("aqueous binder", "LFP cathode", "NMP-free", "electrode processing"),
         "A crosslinkable polyacrylate-alginate binder replaces PVDF/NMP in lithium iron phosphate cathodes. "
         "Electrodes reach 25 mg/cm² loading without cracking and keep 95% capacity after 1000 cycles at 1C. "
         "Eliminating NMP recovery cuts solvent-handling cost per GWh line by an estimated 60%."),
    Tech("Artificial SEI coating for lithium-metal anodes", "lab",
         ("lithium metal", "artificial SEI", "dendrite suppression", "high energy density"),
         "A solution-processed LiF-rich hybrid layer stabilises lithium-metal anodes against dendrite "
         "growth. "
         "Li||NCM811 cells with 50 µm lithium and lean electrolyte retain 80% capacity after 300 cycles, "
         "opening a path to cells above 400 Wh/kg for drones and aviation."),
    Tech("Digital-twin battery management for grid-scale storage", "pilot",
         ("digital twin", "battery management", "grid storage", "state estimation"),
         "A cloud digital twin combines an electrochemical reduced-order model with field data from the BMS "
         "to "
         "forecast cell degradation and flag abnormal modules weeks in advance. "
         "Validated on a 50 MWh plant with remaining-useful-life error below 5%.",
         ip="software_copyright"),
    Tech("Prussian white cathode for sodium-ion batteries by continuous co-precipitation", "pilot",
         ("sodium-ion", "Prussian white", "cathode", "co-precipitation"),
         "A continuous reactor process yields low-vacancy, low-water Prussian white with 150 mAh/g specific "
         "capacity. "
         "Crystal water content below 2 wt% solves the gas generation that usually limits this chemistry. "
         "Raw-material cost is under 25,000 CNY per tonne."),
    Tech("Aqueous zinc-ion battery for low-cost stationary storage", "lab",
         ("zinc-ion battery", "aqueous electrolyte", "stationary storage", "intrinsic safety"),
         "A manganese-oxide cathode with a hydrated eutectic electrolyte gives a non-flammable zinc-ion "
         "cell. "
         "Pouch cells deliver 70 Wh/kg and 3000 cycles at 2C; estimated cell cost is below 0.4 CNY/Wh, "
         "suited to indoor backup power where fire safety matters."),
]

OFFERS["magnesium_alloy"] = [
    Tech("高强韧稀土镁合金大型薄壁压铸件成形技术", "pilot", ("稀土镁合金", "高压压铸", "薄壁件", "汽车轻量化"),
         "开发Mg-RE-Zn系高强韧压铸镁合金，配合真空高压压铸与局部挤压补缩，解决大型薄壁件充型不足和缩松问题。"
         "铸态抗拉强度≥280 MPa、延伸率≥10%，最小壁厚1.5 mm，可用于汽车仪表盘横梁、座椅骨架和中控支架，单件减重约35%。"),
    Tech("镁合金表面微弧氧化与封孔复合防护技术", "small_batch", ("微弧氧化", "镁合金防腐", "封孔", "无铬处理"),
         "在硅酸盐-磷酸盐体系中进行脉冲微弧氧化，再以溶胶-凝胶封孔，形成致密陶瓷质复合膜，全过程不含六价铬。"
         "膜厚10–25 μm，中性盐雾试验≥1000 h无腐蚀点，附着力达0级，适用于户外型材、汽车和3C结构件。"),
    Tech("皮江法炼镁还原罐长寿命材料与节能还原工艺", "pilot", ("皮江法", "还原罐", "原镁冶炼", "节能降耗"),
         "以高铬镍耐热钢离心铸造还原罐并优化装料与抽真空制度，缓解还原罐高温蠕变和氧化导致的频繁更换。"
         "还原罐寿命由约60天延长至120天以上，吨镁还原周期缩短1.5小时，吨镁综合能耗下降约0.3吨标煤。"),
    Tech("炼镁还原渣制备建材与烧结脱硫剂技术", "industrial", ("镁渣", "固废利用", "脱硫剂", "建材"),
         "针对皮江法每吨镁产生6–7吨还原渣、长期堆存的问题，分别开发镁渣蒸压砌块、水泥掺合料和烧结烟气脱硫剂。"
         "镁渣在砌块中掺量可达30%，强度满足MU10要求；脱硫剂对SO₂脱除率≥90%。"),
    Tech("高导热压铸镁合金及散热壳体应用", "small_trial", ("高导热镁合金", "散热壳体", "5G基站", "压铸"),
         "通过减少固溶元素并引入稀土形成第二相，在保证压铸流动性的同时显著提高镁合金导热率。"
         "导热率≥120 W/(m·K)，比常规AZ91D提高约一倍，已试制5G基站射频单元和LED路灯散热壳体。"),
    Tech("AZ31镁合金宽幅板材异步轧制与温成形技术", "pilot", ("镁合金板材", "异步轧制", "织构弱化", "温成形"),
         "利用异速比轧制引入剪切变形弱化基面织构，改善镁板室温成形性差、只能高温冲压的问题。"
         "板宽可达1200 mm，室温杯突值≥6 mm，200℃下可冲压成形笔记本外壳和汽车内板。"),
    Tech("高强Mg-Gd-Y-Zr合金挤压型材及时效强化技术", "pilot", ("稀土镁合金", "挤压型材", "时效强化", "轨道交通"),
         "通过均匀化-挤压-在线淬火-双级时效工艺调控析出相，获得高强度且各向异性小的稀土镁合金型材。"
         "抗拉强度≥400 MPa，屈服强度≥300 MPa，延伸率≥6%，可用于轨道车辆座椅骨架和航空舱内结构。"),
    Tech("镁合金熔体无熔剂净化与在线除气技术", "small_batch", ("镁合金熔炼", "无熔剂净化", "夹杂物", "除气"),
         "以惰性气体旋转喷吹结合陶瓷泡沫过滤替代传统熔剂精炼，避免熔剂夹杂和氯化物烟气排放。"
         "铸锭非金属夹杂物含量≤0.1%，含氢量降低40%，每吨合金节省熔剂约15 kg。"),
    Tech("可降解医用Mg-Zn-Ca镁合金骨钉", "small_trial", ("可降解镁合金", "骨科植入物", "生物相容性", "骨钉"),
         "高纯Mg-Zn-Ca合金经挤压和表面磷酸钙涂层处理，使骨钉在骨愈合期内保持强度并随后逐步降解吸收。"
         "体内降解速率0.2–0.5 mm/年，已完成兔股骨植入实验，可免除二次取出手术。"),
    Tech("镁基固态储氢材料及储氢罐", "pilot", ("固态储氢", "氢化镁", "储氢罐", "氢能"),
         "以纳米结构MgH₂复合过渡金属催化剂降低放氢温度，并设计内置换热翅片的储氢罐提高充放速率。"
         "质量储氢密度≥5.5 wt%，放氢温度≤280℃，500次吸放氢循环容量衰减≤10%，适用于分布式氢能储运。"),
    Tech("镁合金半固态触变注射成形技术", "small_batch", ("半固态成形", "触变注射", "3C外壳", "镁合金"),
         "以镁合金颗粒料在螺杆中剪切形成半固态浆料后注射成形，不需熔炼炉和保护气体，生产环境更安全。"
         "零件孔隙率≤1%，可进行T6热处理，最小壁厚0.6 mm，适合笔记本电脑、无人机和相机外壳。"),
    Tech("镁合金搅拌摩擦焊接技术", "pilot", ("搅拌摩擦焊", "镁合金焊接", "固相连接", "型材拼焊"),
         "针对镁合金熔焊易产生气孔和热裂纹的问题，采用固相搅拌摩擦焊实现型材和板材的高质量连接。"
         "接头强度系数≥90%，焊缝无气孔，可用于轨道车辆地板和电池托盘的拼焊。"),
    Tech("镁合金轮毂低压铸造-旋压复合成形技术", "pilot", ("镁合金轮毂", "低压铸造", "旋压", "汽车轻量化"),
         "轮辐低压铸造、轮辋旋压强化，兼顾复杂造型和轮辋力学性能。"
         "同规格轮毂比铝合金减重约25%，通过13°冲击、弯曲疲劳和径向疲劳试验，已小批量装车路试。"),
    Tech("镁合金压铸回炉料与切屑再生熔炼技术", "pilot", ("镁合金回收", "再生熔炼", "切屑", "循环利用"),
         "对压铸浇冒口、废件和机加工切屑进行分级预处理、压块后再生熔炼，并在线控制铁、镍杂质。"
         "金属回收率≥92%，再生合金Fe≤0.004%，成分满足AZ91D国标，可按原牌号回用于压铸。"),
    Tech("镁合金3C结构件阳极氧化着色与纹理处理", "small_batch", ("阳极氧化", "着色", "3C产品", "表面装饰"),
         "开发适用于镁合金的低压阳极氧化及有机染料着色工艺，配合喷砂和拉丝获得金属质感。"
         "外观色差ΔE≤1.0，耐磨及百格附着力满足消费电子外观件要求，可替代喷涂工艺。"),
    Tech("高阻尼镁合金及精密设备减振部件", "small_trial", ("高阻尼合金", "减振", "精密仪器", "镁合金"),
         "利用Mg-Si和Mg-Cu系合金中位错运动耗能，开发兼具阻尼与强度的镁合金。"
         "室温阻尼比可达纯镁水平的80%以上、抗拉强度≥200 MPa，适合精密测量设备底座和无人机云台。"),
    Tech("高电位镁合金牺牲阳极", "industrial", ("牺牲阳极", "阴极保护", "管道防腐", "镁阳极"),
         "通过控制锰含量和铸造组织，提高镁阳极电流效率并减少自腐蚀。"
         "开路电位≤-1.75 V（相对CSE），电流效率≥55%，适用于埋地管道、储罐和热水器的阴极保护。"),
    Tech("海水激活镁空气电池阳极材料", "small_trial", ("镁空气电池", "海水激活", "应急电源", "阳极材料"),
         "以Mg-Al-Sn-In多元合金降低阳极极化和析氢自腐蚀，电池加注海水或盐水即可放电。"
         "阳极利用率≥75%，单体比能量≥1000 Wh/kg（以镁计），可用于海上救生和野外应急照明电源。"),
    Tech("硅热法炼镁竖罐连续还原工艺", "pilot", ("竖罐还原", "硅热法", "连续化", "原镁冶炼"),
         "以底部出渣竖式还原罐替代卧式罐，实现机械化装料出渣，改善炼镁车间劳动强度大、热效率低的现状。"
         "单罐产能提高约2倍，吨镁能耗降低约20%，还原渣自动出料减少粉尘无组织排放。"),
    Tech("大规格镁合金扁锭半连续铸造技术", "pilot", ("半连续铸造", "镁合金扁锭", "轧制坯料", "铸造缺陷"),
         "采用低液位热顶结晶器与电磁搅拌，控制大截面扁锭的冷隔、裂纹和偏析。"
         "扁锭截面可达400 mm×1200 mm，成品率≥85%，为宽幅镁板轧制提供稳定坯料。"),
    Tech("镁合金电弧熔丝增材制造技术", "lab", ("增材制造", "电弧熔丝", "WAAM", "镁合金"),
         "以冷金属过渡电弧沉积AZ31/AZ61镁合金丝材，配合层间温度控制抑制晶粒粗化。"
         "沉积效率≥1 kg/h，成形件抗拉强度≥240 MPa，可用于大型镁合金构件的快速试制。"),
    Tech("镁合金压铸模具热平衡仿真与寿命提升技术", "small_batch", ("压铸模具", "热平衡", "模温控制", "模具寿命"),
         "通过充型-凝固-模具热循环耦合仿真优化冷却水道和点冷布置，并配合模具表面氮化处理。"
         "模具热裂纹出现时间推迟约40%，模具寿命提高到8万模次以上，压铸件冷隔缺陷率下降一半。"),
    Tech("Flame-retardant magnesium alloy for aircraft cabin seating", "small_trial",
         ("non-flammable magnesium", "aircraft interior", "calcium alloying", "fire safety"),
         "Calcium and yttrium additions form a protective oxide film that raises the ignition temperature "
         "of the alloy above 1000 °C. Seat-leg castings pass the oil-burner flammability test for cabin "
         "materials while saving about 30% weight compared with aluminium."),
    Tech("Magnesium hydride hydrolysis hydrogen generator for fuel-cell drones", "lab",
         ("hydrogen generation", "magnesium hydride", "hydrolysis", "drone power"),
         "A cartridge of activated MgH₂ pellets releases hydrogen on demand when water is dosed, "
         "delivering 1.4 L/min for a 500 W fuel-cell drone. The system stores more hydrogen per kilogram "
         "than 35 MPa cylinders and needs no high-pressure certification."),
    Tech("Rapidly solidified magnesium alloy powder for high-strength extrusions", "lab",
         ("rapid solidification", "magnesium powder", "extrusion", "nanocrystalline"),
         "Gas-atomised Mg-Zn-Y powder with a fine long-period stacking ordered phase is consolidated by "
         "direct powder extrusion. Extruded bars reach 550 MPa tensile strength with 5% elongation, "
         "candidates for aerospace fasteners and sports equipment."),
    Tech("Machine-learning process window for thin-wall magnesium die casting", "pilot",
         ("die casting", "machine learning", "process optimisation", "defect prediction"),
         "A model trained on shot-sleeve, vacuum and die-temperature signals predicts porosity and cold-shut "
         "defects for each shot and recommends parameter corrections. On a 1600 t cell producing magnesium "
         "brackets, scrap fell from 9% to 4% within three months.",
         ip="software_copyright"),
]

OFFERS["new_materials"] = [
    Tech("6英寸导电型碳化硅单晶低缺陷生长技术", "pilot", ("碳化硅单晶", "PVT生长", "微管密度", "功率半导体"),
         "基于物理气相传输法，通过热场数值模拟优化径向温度梯度，并采用籽晶背面保护与源粉提纯，抑制晶体多型和微管缺陷。"
         "6英寸4H-SiC晶锭微管密度≤0.1 cm⁻²，基平面位错≤1000 cm⁻²，电阻率0.015–0.025 Ω·cm，可供功率器件衬底使用。"),
    Tech("煤系针状焦制备超高功率石墨电极技术", "pilot", ("针状焦", "煤焦油沥青", "石墨电极", "炭素材料"),
         "以煤焦油沥青为原料，经溶剂萃取脱除喹啉不溶物、延迟焦化和煅烧制备优质煤系针状焦。"
         "针状焦热膨胀系数≤1.0×10⁻⁶/℃，制成的超高功率石墨电极电阻率≤5.5 μΩ·m，可替代部分进口油系焦。"),
    Tech("电子级聚酰亚胺薄膜连续化制备技术", "small_batch", ("聚酰亚胺薄膜", "柔性线路板", "双向拉伸", "化学亚胺化"),
         "采用化学亚胺化与同步双向拉伸连续工艺，改善国产PI膜厚度均匀性差、热膨胀系数偏高的问题。"
         "12.5 μm薄膜拉伸强度≥250 MPa，热膨胀系数≤15 ppm/K，厚度偏差≤±5%，满足FPC覆铜板要求。"),
    Tech("连续玄武岩纤维及其增强复合筋材", "industrial", ("玄武岩纤维", "复合筋材", "耐腐蚀", "建材"),
         "以单一火山岩为原料经池窑熔融拉丝制备连续玄武岩纤维，再拉挤成型为复合筋材，替代易锈蚀钢筋。"
         "纤维单丝强度≥3000 MPa，复合筋抗拉强度≥1000 MPa、密度仅为钢筋的四分之一，适用于海工和化工厂房。"),
    Tech("芳纶纳米纤维气凝胶隔热材料", "lab", ("气凝胶", "芳纶纳米纤维", "隔热材料", "电池防火"),
         "以芳纶纳米纤维为骨架经冷冻干燥构筑多级孔结构，兼具柔性和耐高温特性，克服二氧化硅气凝胶易掉粉的缺点。"
         "室温导热系数≤0.025 W/(m·K)，长期使用温度可达300℃，可用于动力电池包防火隔热垫和航天隔热层。"),
    Tech("高磁感取向硅钢激光刻痕细化磁畴技术", "small_batch", ("取向硅钢", "激光刻痕", "磁畴细化", "变压器铁芯"),
         "在成品取向硅钢表面进行脉冲激光刻痕细化磁畴，降低变压器铁芯的涡流损耗，且不破坏绝缘涂层。"
         "P1.7/50铁损降低8%–12%，刻痕速度与产线同步可达120 m/min，适用于一级能效配电变压器。"),
    Tech("石墨烯改性重防腐涂料", "industrial", ("石墨烯", "防腐涂料", "锌粉减量", "重防腐"),
         "利用少层石墨烯在环氧涂层中形成片层迷宫屏蔽结构，在降低锌粉用量的同时提高涂层防护寿命。"
         "锌粉用量减少约50%，中性盐雾3000 h涂层无起泡，已用于输电铁塔和沿海桥梁钢结构。"),
    Tech("六方氮化硼导热填料及高导热绝缘垫片", "small_trial", ("氮化硼", "导热填料", "导热垫片", "电子封装"),
         "通过球化造粒与表面改性制备高填充率氮化硼填料，制成兼具高导热和高绝缘的硅胶垫片。"
         "垫片导热系数≥8 W/(m·K)，击穿电压≥10 kV/mm，适用于功率模块、车载充电机和5G设备散热。"),
    Tech("中间相沥青基高导热碳纤维", "small_trial", ("沥青基碳纤维", "中间相沥青", "高导热", "高模量"),
         "以煤焦油为原料调制高取向中间相沥青，经熔融纺丝、不熔化和超高温石墨化制备高模量碳纤维。"
         "拉伸模量≥600 GPa，轴向导热系数≥500 W/(m·K)，可用于卫星热控板和电子器件散热结构。"),
    Tech("钛合金粉末冶金近净成形技术", "pilot", ("钛合金", "粉末冶金", "近净成形", "降本"),
         "以氢化脱氢钛粉冷等静压-真空烧结-热等静压近净成形，减少钛合金锻件切削余量。"
         "TC4制件相对密度≥99.5%，抗拉强度≥900 MPa，材料利用率由约20%提高到80%以上。"),
    Tech("高熵合金耐磨涂层激光熔覆技术", "small_trial", ("高熵合金", "激光熔覆", "耐磨涂层", "表面强化"),
         "在AlCoCrFeNi系高熵合金中引入碳化物硬质相，通过激光熔覆在中碳钢表面形成冶金结合涂层。"
         "涂层硬度≥HV700，磨损率为淬火45钢的1/8，适用于矿山刮板、螺旋输送叶片等易磨损件。"),
    Tech("PBAT/PLA全生物降解共混改性材料", "small_batch", ("生物降解", "PBAT", "PLA", "吹膜"),
         "通过反应性增容与成核剂改性，改善PBAT/PLA共混体系相容性差、薄膜撕裂强度低的问题。"
         "吹膜厚度可低至12 μm，纵横向撕裂强度≥40 N/mm，通过GB/T 41010降解认证，可用于购物袋和农用地膜。"),
    Tech("氮化硅陶瓷轴承球制备技术", "pilot", ("氮化硅陶瓷", "轴承球", "气压烧结", "高速轴承"),
         "采用高纯α相氮化硅粉与复合烧结助剂气压烧结，再经精密研磨得到高精度陶瓷球。"
         "球体精度达G5级，断裂韧性≥6.5 MPa·m¹ᐟ²，适用于新能源汽车电驱轴承和高速电主轴。"),
    Tech("钙钛矿/晶硅叠层电池用空穴传输材料", "lab", ("钙钛矿", "叠层电池", "自组装单分子层", "光伏材料"),
         "设计咔唑类自组装单分子层空穴传输材料，可在绒面晶硅上形成均匀覆盖，降低界面复合。"
         "小面积叠层电池效率达到30%以上，材料合成步骤少、克级成本低，适合规模化供应。"),
    Tech("5N高纯氧化铝粉体制备技术", "pilot", ("高纯氧化铝", "蓝宝石原料", "隔膜涂覆", "醇铝水解"),
         "以醇铝水解法制备高纯氢氧化铝，再经控温焙烧调控晶型与粒度，满足蓝宝石长晶和锂电隔膜涂覆需求。"
         "Al₂O₃纯度≥99.999%，Na、Fe、Si杂质均≤5 ppm，D50可在0.5–2 μm范围定制。"),
    Tech("室温自修复聚氨酯弹性体", "lab", ("自修复材料", "聚氨酯", "动态共价键", "柔性电子"),
         "在聚氨酯主链引入芳香二硫键与多重氢键，使材料在室温下无需外加刺激即可修复划伤和断裂。"
         "拉伸强度≥20 MPa，断裂伸长率≥800%，室温24 h修复效率≥90%，适用于柔性电子封装和防护膜。"),
    Tech("耐高温环氧树脂基碳纤维预浸料", "small_batch", ("预浸料", "环氧树脂", "耐高温", "复合材料"),
         "采用多官能团环氧与芳香胺固化体系并加入热塑性增韧相，提升预浸料耐热等级和冲击后压缩强度。"
         "固化后玻璃化转变温度≥220℃，冲击后压缩强度≥250 MPa，室温储存期≥30天，适合航空次承力结构。"),
    Tech("铝基碳化硅电子封装材料", "pilot", ("铝基复合材料", "碳化硅颗粒", "电子封装", "IGBT基板"),
         "以压力浸渗工艺制备高体积分数碳化硅颗粒增强铝基复合材料，热膨胀系数与芯片匹配。"
         "导热系数≥180 W/(m·K)，热膨胀系数约7 ppm/K，可近净成形IGBT基板和微波组件壳体。"),
    Tech("低介电液晶聚合物LCP薄膜", "small_trial", ("LCP薄膜", "低介电", "高频高速", "5G天线"),
         "通过分子结构设计与吹胀成膜控制取向，解决LCP薄膜各向异性强、易撕裂的问题。"
         "10 GHz下介电常数≤2.9、介电损耗≤0.002，吸水率≤0.04%，可用于5G毫米波天线和高速柔性板。"),
    Tech("钕铁硼磁体晶界扩散减重稀土技术", "small_batch", ("钕铁硼", "晶界扩散", "重稀土", "永磁电机"),
         "在烧结钕铁硼表面涂覆铽/镝合金后热扩散，使重稀土富集于晶界而非晶粒内部。"
         "重稀土用量减少约50%，矫顽力提高≥8 kOe且剩磁基本不降，适用于驱动电机和风电永磁体。"),
    Tech("纳米纤维素增强可降解包装材料", "lab", ("纳米纤维素", "可降解包装", "阻隔性能", "生物质"),
         "从玉米秸秆中提取纤维素纳米纤丝，与淀粉基树脂复合制备高阻隔包装膜。"
         "拉伸强度提高约2倍，氧气透过率≤5 cm³/(m²·d)，可用于替代部分食品塑料包装。"),
    Tech("超疏水防覆冰涂层", "small_trial", ("超疏水涂层", "防覆冰", "输电线路", "风电叶片"),
         "以氟硅树脂和微纳复合颗粒构建稳定超疏水表面，降低冰与基体的结合力。"
         "静态接触角≥160°，冰黏附强度≤20 kPa，经1000次砂磨循环后仍保持疏水，适用于输电导线和风电叶片。"),
    Tech("Coal-derived graphene quantum dots for fluorescent security inks", "lab",
         ("graphene quantum dots", "coal utilisation", "anti-counterfeiting", "fluorescent ink"),
         "Oxidative cutting of coal produces graphene quantum dots with tunable blue-to-green emission and "
         "quantum yield above 40%. The dots disperse in water-based inks for banknote-grade anti-counterfeit "
         "printing at a fraction of the cost of rare-earth phosphors."),
    Tech("Colourless polyimide cover film for foldable displays", "small_trial",
         ("colourless polyimide", "foldable display", "cover window", "optical film"),
         "Fluorinated alicyclic monomers give a polyimide film with 90% transmittance and yellowness index "
         "below 2. The hard-coated film survives 200,000 folds at 1.5 mm radius, "
         "an alternative to ultra-thin glass for foldable phones."),
    Tech("High-entropy rare-earth zirconate thermal barrier coatings", "lab",
         ("thermal barrier coating", "high-entropy ceramics", "gas turbine", "plasma spraying"),
         "A five-cation rare-earth zirconate shows thermal conductivity below 1.0 W/(m·K) and phase stability "
         "up to 1500 °C. Plasma-sprayed coatings survive more than 1000 thermal cycles, "
         "targeting hot-section parts of industrial gas turbines."),
    Tech("Silica aerogel blanket by ambient-pressure drying", "pilot",
         ("silica aerogel", "ambient pressure drying", "thermal insulation", "pipelines"),
         "A solvent-exchange and surface-modification route avoids supercritical drying, cutting production "
         "cost by about half. The glass-fibre reinforced blanket has 0.018 W/(m·K) conductivity and low dust "
         "release, suited to steam pipelines and battery thermal barriers."),
]

OFFERS["biomedicine"] = [
    Tech("沙棘黄酮高纯度提取与降血脂功能评价", "pilot", ("沙棘", "黄酮", "大孔树脂", "降血脂"),
         "以吕梁山区沙棘叶和果渣为原料，采用超声辅助提取-大孔树脂吸附-制备色谱精制，得到高纯度沙棘总黄酮。"
         "总黄酮纯度≥85%，收率较传统醇提提高约30%；高脂模型大鼠实验显示总胆固醇和甘油三酯显著下降，可开发保健食品或药品原料。",
         org="fhu"),
    Tech("靶向KRAS G12D突变的小分子抑制剂先导化合物", "lab", ("KRAS", "小分子抑制剂", "胰腺癌", "创新药"),
         "基于结构的药物设计获得一类作用于KRAS G12D开关II口袋的非共价抑制剂，弥补该突变缺乏上市药物的空白。"
         "先导化合物细胞IC50<50 nM，对野生型选择性>100倍，小鼠胰腺癌移植瘤模型抑瘤率约70%，可寻求联合开发。"),
    Tech("黄芪多糖注射级精制工艺", "pilot", ("黄芪多糖", "中药注射剂", "超滤", "内毒素控制"),
         "以恒山黄芪为原料，采用酶法辅助提取、分级超滤和离子交换脱色，控制多糖分子量分布与内毒素水平。"
         "多糖含量≥90%，重均分子量控制在10–50 kDa，细菌内毒素<0.5 EU/mg，批间一致性显著提升。"),
    Tech("呼吸道多病原核酸恒温扩增快速检测试剂盒", "small_batch", ("核酸检测", "恒温扩增", "呼吸道病原", "POCT"),
         "基于重组酶聚合酶扩增与荧光探针，单管同时检测流感A/B、呼吸道合胞病毒、肺炎支原体等6种病原。"
         "30分钟出结果，检测限200 copies/mL，与荧光PCR符合率≥97%，配套便携式检测仪可用于基层医疗机构。"),
    Tech("全人源抗IL-17A单克隆抗体", "lab", ("单克隆抗体", "IL-17A", "银屑病", "自身免疫"),
         "通过全人源抗体库筛选和亲和力成熟获得高亲和力抗IL-17A抗体，用于中重度银屑病和强直性脊柱炎。"
         "KD值达pM级，细胞中和活性优于对照药，已完成稳定细胞株构建，表达量≥3 g/L，处于临床前研究阶段。"),
    Tech("mRNA疫苗用可电离脂质纳米递送系统", "small_trial", ("mRNA", "LNP", "可电离脂质", "递送系统"),
         "自主设计的可生物降解可电离脂质库，经高通量筛选获得肌肉注射表达效率高、炎症反应低的配方。"
         "荧光素酶mRNA表达水平为对照脂质的3倍，冻干制剂2–8℃稳定6个月，可对外许可用于疫苗和蛋白替代疗法。"),
    Tech("连翘酯苷A高效分离纯化及抗病毒制剂", "pilot", ("连翘", "连翘酯苷", "抗病毒", "中药现代化"),
         "针对连翘酯苷A易氧化降解、纯化收率低的问题，建立低温提取与模拟移动床色谱分离工艺。"
         "连翘酯苷A纯度≥98%，收率提高约1.5倍，体外对流感病毒具有明确抑制活性，可用于口服制剂开发。"),
    Tech("壳聚糖-氧化再生纤维素可吸收止血材料", "small_batch", ("止血材料", "可吸收", "壳聚糖", "外科手术"),
         "将壳聚糖的电荷促凝作用与氧化再生纤维素的酸性止血机制结合，制成可裁剪的外科止血纱布。"
         "动物肝脏创面止血时间≤90 s，2–4周内完全吸收，可替代部分进口止血产品。"),
    Tech("个性化3D打印多孔钛合金骨科植入物", "small_batch", ("3D打印", "多孔钛合金", "骨科植入物", "个性化"),
         "基于患者CT数据重建缺损部位，以电子束熔融打印梯度多孔钛合金假体，孔隙结构利于骨长入。"
         "孔隙率60%–75%，弹性模量与松质骨匹配，已在髋臼和椎间融合器产品上完成注册检验。"),
    Tech("通用型CAR-NK细胞制备工艺", "lab", ("CAR-NK", "细胞治疗", "通用型", "实体瘤"),
         "以脐带血来源NK细胞为底盘，导入靶向间皮素的CAR结构并敲除抑制性受体，实现异体通用。"
         "扩增倍数≥1000倍，体外对间皮素阳性肿瘤细胞杀伤率≥80%，无明显移植物抗宿主反应风险。"),
    Tech("中药配方颗粒指纹图谱与质量标准研究服务", "industrial", ("配方颗粒", "指纹图谱", "质量标准", "技术服务"),
         "提供中药配方颗粒标准汤剂制备、特征图谱建立和含量测定方法学验证的一体化服务。"
         "已完成200余个品种的标准研究，支持企业按国家药品标准开展备案，平均周期较自建团队缩短约40%。",
         ip="trade_secret"),
    Tech("GLP-1受体激动剂多肽长效缓释微球", "small_trial", ("GLP-1", "缓释微球", "多肽药物", "糖尿病"),
         "采用PLGA双乳化-膜乳化工艺包载多肽，控制粒径分布以降低初始突释。"
         "体外释放周期达28天，突释≤10%，包封率≥90%，可开发为每月一次注射的降糖或减重制剂。"),
    Tech("猪流行性腹泻病毒灭活疫苗", "pilot", ("兽用疫苗", "猪流行性腹泻", "灭活疫苗", "畜牧业"),
         "分离当前流行的G2b亚型毒株，经细胞悬浮培养和浓缩纯化制成灭活疫苗，解决老疫苗株与流行株不匹配的问题。"
         "母猪免疫后仔猪攻毒保护率≥85%，悬浮培养病毒滴度≥10⁸ TCID₅₀/mL，适合规模化生产。"),
    Tech("微流控芯片心肌标志物即时检测系统", "small_batch", ("微流控", "心肌肌钙蛋白", "即时检测", "胸痛中心"),
         "在一次性微流控芯片上完成全血分离、免疫荧光反应和定量读取，适合急诊和胸痛中心床旁检测。"
         "cTnI检测限0.01 ng/mL，15分钟出结果，可同时检测NT-proBNP和CK-MB，与大型化学发光仪相关系数≥0.95。"),
    Tech("手性药物中间体酶催化不对称合成技术", "pilot", ("酶催化", "手性中间体", "绿色制药", "酮还原酶"),
         "通过定向进化获得高活性酮还原酶，替代贵金属催化剂合成手性醇类医药中间体。"
         "产物ee值≥99.5%，底物浓度≥100 g/L，三废排放减少约60%，已完成500 L规模验证。"),
    Tech("潞党参炔苷标准化提取与质量控制技术", "pilot", ("党参", "党参炔苷", "道地药材", "质量控制"),
         "以长治道地潞党参为原料，优化提取溶剂和温度，并建立党参炔苷与多糖双指标质量控制方法。"
         "党参炔苷转移率≥80%，批间含量偏差≤10%，可支撑党参配方颗粒、口服液等产品开发。"),
    Tech("人工智能辅助病理切片诊断系统", "pilot", ("数字病理", "人工智能", "辅助诊断", "宫颈细胞学"),
         "基于全切片图像的深度学习模型对宫颈液基细胞学和胃镜活检切片进行阳性区域定位和分级提示。"
         "阴性片排除敏感度≥98%，医生阅片时间缩短约50%，已在3家三甲医院开展多中心验证。",
         ip="software_copyright"),
    Tech("纳米银抗菌医用敷料", "industrial", ("纳米银", "抗菌敷料", "创面护理", "医疗器械"),
         "以原位还原法将粒径均一的纳米银负载于藻酸盐纤维，实现长效缓释抗菌并避免银离子过量沉积。"
         "对金黄色葡萄球菌、铜绿假单胞菌抑菌率≥99%，抗菌作用持续7天，已取得二类医疗器械注册证。"),
    Tech("重组人源化胶原蛋白高效发酵表达与纯化", "pilot", ("重组胶原蛋白", "毕赤酵母", "发酵", "医美原料"),
         "以毕赤酵母高密度发酵表达人源化III型胶原蛋白片段，配合两步层析纯化。"
         "发酵表达量≥10 g/L，纯度≥98%，具有三螺旋结构和细胞黏附活性，可用于医用敷料和医美原料。"),
    Tech("GalNAc偶联小核酸肝靶向递送平台", "lab", ("siRNA", "GalNAc", "肝靶向", "核酸药物"),
         "建立三价GalNAc配体与化学修饰siRNA的偶联合成和纯化平台，实现皮下给药后的肝细胞特异递送。"
         "以PCSK9为靶点的候选分子单次给药后血脂降低作用持续约3个月，平台可开放用于其他肝脏靶点开发。"),
    Tech("Bispecific antibody platform with a common light chain", "lab",
         ("bispecific antibody", "common light chain", "immuno-oncology", "CMC"),
         "A transgenic library with a fixed human light chain yields heavy chains that pair correctly in one "
         "cell line, avoiding the mispairing that complicates bispecific manufacturing. "
         "A PD-L1×4-1BB candidate reaches 2 g/L titre with 95% correct assembly after one-step purification."),
    Tech("CRISPR-based point-of-care detection of antimicrobial resistance genes", "small_trial",
         ("CRISPR diagnostics", "antimicrobial resistance", "point of care", "Cas12a"),
         "Isothermal amplification coupled with Cas12a detects carbapenemase genes directly from rectal "
         "swabs "
         "in 40 minutes on a lateral-flow strip. Sensitivity is 95% versus culture plus PCR, "
         "helping infection-control teams isolate carriers on admission."),
    Tech("Continuous-flow synthesis of API intermediates", "pilot",
         ("flow chemistry", "API intermediates", "process safety", "green chemistry"),
         "Microreactor routes replace hazardous batch nitration and diazotisation steps for three common "
         "pharmaceutical intermediates. Hold-up volume is below 1 L, reaction time drops from hours to "
         "minutes "
         "and yield improves by 8–15 percentage points."),
    Tech("Dissolving microneedle patch for thermostable vaccine delivery", "small_trial",
         ("microneedle", "transdermal delivery", "vaccine", "cold chain"),
         "Sugar-polymer microneedles encapsulate inactivated vaccines and dissolve in the skin within 5 "
         "minutes. "
         "Antigen activity is kept for 6 months at 25 °C, removing the cold chain for rural vaccination campaigns."),
]

OFFERS["advanced_equipment"] = [
    Tech("液压支架立柱激光熔覆再制造技术", "industrial", ("激光熔覆", "液压支架", "再制造", "替代电镀"),
         "以高速激光熔覆在立柱和千斤顶活塞杆表面制备铁基不锈涂层，替代污染严重、易剥落的镀铬工艺。"
         "熔覆层硬度HRC 50–55、与基体冶金结合，中性盐雾≥720 h不锈蚀，修复成本约为新件的40%，已在多个矿区应用。",
         org="jzlg"),
    Tech("采煤机记忆截割与自适应调高控制技术", "pilot", ("采煤机", "记忆截割", "智能开采", "煤岩识别"),
         "融合示教路径记忆、惯导定位和截割电流特征识别煤岩界面，实现采煤机滚筒高度自动调整。"
         "自动截割率≥85%，工作面顶底板平整度提高，减少跟机操作人员2–3人。"),
    Tech("大型风电主轴承滚道中频感应淬火装备", "pilot", ("风电轴承", "感应淬火", "热处理装备", "软带控制"),
         "采用多感应器同步扫描与喷液控制，解决大尺寸轴承滚道淬火软带宽、硬化层不均的问题。"
         "适用直径1.5–4.5 m的轴承套圈，软带宽度≤20 mm，硬化层深度偏差≤0.5 mm。"),
    Tech("五轴联动数控机床热误差建模与实时补偿技术", "small_batch", ("数控机床", "热误差补偿", "五轴加工", "精度保持"),
         "布置少量温度测点，采用数据驱动模型预测主轴和转台热变形，并通过数控系统外部零点偏移实时补偿。"
         "机床连续加工8 h热误差降低70%以上，适配主流国产数控系统，改造周期约3天。"),
    Tech("工业机器人高精度RV减速器", "small_batch", ("RV减速器", "工业机器人", "精密传动", "国产替代"),
         "通过摆线轮齿廓修形和关键件精密磨削，提高RV减速器的传动精度和精度寿命。"
         "背隙≤1 arcmin，传动误差≤1 arcmin，额定寿命6000 h，已配套国产六轴机器人。"),
    Tech("轨道交通转向架构架焊接机器人离线编程系统", "pilot", ("离线编程", "焊接机器人", "转向架", "数字化"),
         "基于三维模型自动提取焊缝、规划焊枪姿态并进行碰撞检测，替代示教编程。"
         "编程时间缩短80%，一次焊接合格率≥98%，支持多品牌机器人后处理。",
         ip="software_copyright"),
    Tech("细纱机单锭断头检测与自动接头装置", "small_trial", ("纺织机械", "细纱机", "断头检测", "自动接头"),
         "在每个锭位安装低成本光电检测单元实时监测断头，并由沿车巡回的接头机器人完成自动接头。"
         "断头识别准确率≥99%，自动接头成功率≥90%，每万锭用工减少约60%。"),
    Tech("矿用自卸车电传动系统", "pilot", ("矿用自卸车", "电传动", "永磁电机", "能量回收"),
         "采用永磁同步轮边电机和集成式控制器替代机械传动，下坡工况进行电制动能量回收。"
         "百吨级矿卡综合能耗降低约15%，制动系统磨损显著减少，可适配混合动力或纯电平台。"),
    Tech("大功率永磁直驱矿井提升机", "industrial", ("提升机", "永磁直驱", "矿山装备", "节能"),
         "以低速大转矩永磁电机直接驱动卷筒，省去减速器，解决传统提升系统传动链长、故障点多的问题。"
         "系统效率提高约10个百分点，年节电约20%，噪声降低15 dB，维护工作量大幅减少。"),
    Tech("航空发动机叶片精密电解加工技术", "small_trial", ("电解加工", "叶片", "难加工材料", "航空制造"),
         "采用脉冲电源与振动进给的精密电解加工，对高温合金和钛合金叶片型面进行无应力、无刀损加工。"
         "型面精度≤0.05 mm，表面粗糙度Ra≤0.4 μm，加工效率为数控铣削的3倍以上。"),
    Tech("大尺寸多激光选区熔化金属增材制造装备", "small_batch", ("激光选区熔化", "金属3D打印", "多激光", "增材装备"),
         "采用四激光拼接扫描和双向铺粉，扩大成形尺寸并解决多激光搭接区性能不均的问题。"
         "成形尺寸800 mm×400 mm×500 mm，致密度≥99.9%，可打印钛合金、铝合金和高温合金零件。"),
    Tech("大型铸件砂型3D打印快速铸造技术", "industrial", ("砂型打印", "快速铸造", "无模铸造", "铸件"),
         "以呋喃树脂砂型喷墨打印替代木模制作，实现复杂砂芯整体成形。"
         "单件小批量铸件开发周期从2–3个月缩短至2周，最大砂型尺寸2.2 m×1.2 m×0.7 m。"),
    Tech("煤矿巷道掘锚一体机快速掘进技术", "pilot", ("掘锚一体机", "快速掘进", "煤矿装备", "锚杆支护"),
         "将截割、支护和运输集成于一台设备，采用多臂锚杆钻机并行作业，缓解采掘接续紧张问题。"
         "单班进尺提高约60%，月进尺可达1500 m以上，配套远程监控与姿态自动纠偏。"),
    Tech("磁流变抛光超精密光学加工装备", "pilot", ("磁流变抛光", "超精密加工", "光学元件", "确定性抛光"),
         "利用磁场控制磁流变液形成柔性抛光模，进行确定性驻留时间修形，避免亚表面损伤。"
         "面形精度PV≤λ/20，表面粗糙度≤0.5 nm，适用于非球面透镜和激光晶体加工。"),
    Tech("油气管道内检测机器人", "pilot", ("管道内检测", "漏磁检测", "管道机器人", "安全监测"),
         "集成漏磁和惯性测绘模块的自主行走机器人，可在低流速或不通球管道内完成缺陷检测。"
         "可识别深度≥10%壁厚的金属损失，定位精度≤0.5 m，单次检测距离可达5 km。"),
    Tech("厚板窄间隙激光-电弧复合焊接技术", "small_batch", ("复合焊接", "窄间隙", "厚板焊接", "激光焊"),
         "激光深熔与电弧填充协同，在窄间隙坡口内实现厚板高效焊接，减少焊材用量和焊接变形。"
         "40 mm厚板焊接道数减少约70%，焊接变形降低一半，接头冲击韧性满足工程机械标准。"),
    Tech("离散制造车间MES与APS一体化排产系统", "industrial", ("MES", "APS", "智能排产", "数字化车间"),
         "面向多品种小批量装备制造企业，将工艺路线、设备产能和物料约束纳入统一排产模型。"
         "订单准时交付率提高15%以上，在制品库存降低约20%，支持与主流ERP集成。",
         ip="software_copyright"),
    Tech("协作机器人力控打磨抛光工作站", "small_trial", ("协作机器人", "力控打磨", "铸件清理", "柔性制造"),
         "通过六维力传感器闭环控制打磨接触力，结合视觉识别毛刺位置自动生成打磨路径。"
         "接触力控制精度±2 N，打磨一致性明显优于人工，改善铸件清理车间粉尘和噪声环境。",
         org="jdzz"),
    Tech("风电齿轮箱行星齿轮修形设计与噪声控制", "pilot", ("风电齿轮箱", "齿轮修形", "振动噪声", "传动设计"),
         "基于多体动力学与加载接触分析设计齿向和齿廓修形参数，改善行星齿轮偏载。"
         "齿面最大接触应力降低约12%，整机噪声降低3 dB(A)，齿轮箱设计寿命提升。"),
    Tech("煤矿井下无轨胶轮车线控底盘", "lab", ("无轨胶轮车", "线控底盘", "防爆车辆", "无人驾驶"),
         "开发满足防爆要求的线控转向、线控制动和驱动控制系统，为井下辅助运输无人驾驶提供底盘基础。"
         "转向响应时间≤100 ms，制动距离满足煤矿安全规程要求，可与井下定位系统对接。",
         org="jdzz"),
    Tech("Vision-guided robotic bin picking for rough castings", "pilot",
         ("bin picking", "3D vision", "foundry automation", "industrial robot"),
         "Structured-light 3D cameras and a pose-estimation network locate randomly piled castings even with "
         "sand residue and reflective surfaces. Pick success exceeds 98% at 8 seconds per cycle, "
         "removing a dusty manual loading job in foundries."),
    Tech("Ultrasonic-assisted drilling of CFRP/titanium stacks", "small_trial",
         ("ultrasonic machining", "CFRP", "titanium", "aircraft assembly"),
         "Longitudinal-torsional ultrasonic vibration lowers thrust force by 30% when drilling carbon-fibre "
         "and "
         "titanium stacks in one shot. Delamination at hole exit is eliminated and tool life doubles."),
    Tech("Predictive maintenance of mining belt conveyors by vibration analytics", "small_batch",
         ("predictive maintenance", "belt conveyor", "vibration analysis", "mining"),
         "Wireless vibration and temperature nodes on idlers and drive units feed an anomaly model that "
         "ranks "
         "failing components. Field trials on 12 km of conveyors gave two weeks of warning before bearing "
         "seizures and cut unplanned stops by 40%.",
         ip="software_copyright"),
    Tech("Electro-hydraulic actuator with integrated motor-pump for excavators", "pilot",
         ("electro-hydraulic actuator", "electric excavator", "energy recovery", "hydraulics"),
         "Each boom cylinder is driven by its own servo motor and bidirectional pump, removing throttling "
         "losses of the central valve block. A 20 t electric excavator prototype used 35% less energy "
         "and recovered potential energy when lowering the boom."),
]

OFFERS["smart_sensors"] = [
    Tech("MEMS催化燃烧式甲烷传感芯片", "small_batch", ("MEMS", "催化燃烧", "甲烷检测", "煤矿安全"),
         "采用悬空微热板结构与纳米钯铂催化层，替代传统绕丝式载体催化元件，大幅降低功耗和体积。"
         "工作功耗≤60 mW，量程0–4% VOL，T90响应时间≤10 s，抗硫中毒能力提升，可用于本安型便携及固定式瓦斯检测仪。"),
    Tech("可调谐激光吸收光谱甲烷遥测技术", "pilot", ("TDLAS", "激光遥测", "甲烷泄漏", "管网巡检"),
         "利用1653 nm分布反馈激光器和波长调制解调，实现非接触式甲烷浓度检测。"
         "检测距离可达100 m，灵敏度5 ppm·m，适用于燃气管网巡检、煤矿回风巷和场站泄漏监测。"),
    Tech("光纤光栅结构健康监测传感系统", "industrial", ("光纤光栅", "结构健康监测", "桥梁隧道", "应变监测"),
         "将封装后的光纤光栅应变、温度和位移传感器布设于桥梁、隧道和边坡，单根光纤串接数十个测点。"
         "应变分辨率1 με，抗电磁干扰，传感器寿命≥20年，已在高速公路桥梁和煤矿井筒中应用。"),
    Tech("高灵敏柔性压力传感电子皮肤", "lab", ("柔性传感", "电子皮肤", "压力传感", "可穿戴"),
         "以微金字塔结构的碳纳米管/PDMS复合薄膜作为敏感层，实现低压区高灵敏响应。"
         "灵敏度≥10 kPa⁻¹，检测下限1 Pa，响应时间≤20 ms，可拉伸弯折上万次，适用于机器人触觉和压力分布监测。"),
    Tech("宽温区MEMS压阻式压力传感芯片", "small_batch", ("MEMS压力", "压阻式", "汽车电子", "温度补偿"),
         "采用SOI硅压阻结构与片上温度补偿，解决传统扩散硅芯片高温漂移大的问题。"
         "综合精度0.1%FS，工作温度-40~150℃，量程0.1–10 MPa可定制，已通过车规级可靠性摸底试验。"),
    Tech("长寿命电化学一氧化碳/硫化氢传感器", "pilot", ("电化学传感器", "有毒气体", "化工园区", "长寿命"),
         "通过凝胶电解质和抗干扰过滤层设计，抑制电解液干涸和交叉敏感，延长传感器寿命。"
         "CO分辨率0.5 ppm、H₂S分辨率0.1 ppm，使用寿命≥5年，可在-30~55℃环境下工作。"),
    Tech("MEMS谐振式陀螺仪", "small_trial", ("MEMS陀螺", "惯性导航", "零偏稳定性", "无人系统"),
         "采用全对称四质量块结构和模态匹配闭环控制，提升MEMS陀螺精度并降低温度敏感性。"
         "零偏不稳定性≤1°/h，角度随机游走≤0.05°/√h，适用于无人机、井下定位和农机自动导航。"),
    Tech("无源无线声表面波温度传感系统", "industrial", ("声表面波", "无源无线", "开关柜测温", "电力设备"),
         "传感器无需电池，由读写器射频信号激励，适合高压开关柜触头、母排等难以布线部位的在线测温。"
         "测温范围-40~200℃，精度±1℃，单台读写器可管理数十个传感器，已在多个变电站应用。"),
    Tech("MEMS红外热电堆阵列传感器", "small_trial", ("红外热电堆", "非接触测温", "人体感知", "MEMS"),
         "采用CMOS兼容MEMS工艺制作32×32热电堆阵列，并集成读出电路与晶圆级真空封装。"
         "温度分辨率≤0.1℃，帧频≥10 Hz，可用于人体存在感知、智能家居和设备过热预警。"),
    Tech("超声波气体流量计量模组", "small_batch", ("超声波流量计", "燃气计量", "时差法", "物联网表"),
         "采用高精度时差法测量与自适应信号处理算法，在小流量下保持计量精度，并支持远程抄表。"
         "量程比≥1:160，准确度等级1.0级，功耗低于采用机械膜式表的物联网改造方案。"),
    Tech("低成本土壤水分-电导率-温度三参数传感器", "small_batch", ("土壤墒情", "频域反射", "精准灌溉", "农业物联网"),
         "基于频域反射原理的一体化探针，同时测量土壤体积含水率、电导率和温度。"
         "含水率测量精度±3%，单支成本约为进口同类产品的四分之一，适合大田墒情网和设施农业。"),
    Tech("微针式连续血糖监测传感器", "small_trial", ("连续血糖监测", "微针", "葡萄糖氧化酶", "可穿戴"),
         "在聚合物微针表面修饰第三代酶电极，减少对皮下组织的损伤并降低氧依赖性。"
         "佩戴周期14天，平均绝对相对误差≤10%，免指血校准，适合糖尿病患者日常监测。"),
    Tech("毫米波雷达非接触生命体征监测技术", "pilot", ("毫米波雷达", "生命体征", "非接触", "养老监护"),
         "利用60 GHz调频连续波雷达提取胸腔微动信号，分离呼吸和心跳成分，实现无感监测。"
         "呼吸率误差≤1次/分，心率误差≤3次/分，可用于养老院夜间监护和跌倒检测。"),
    Tech("分布式光纤声波传感管道防入侵预警系统", "pilot", ("分布式光纤", "DAS", "管道安全", "入侵预警"),
         "利用通信光缆中的瑞利散射相位信号感知沿线振动，结合事件分类模型识别挖掘、车辆碾压等行为。"
         "单台设备监测距离50 km，定位精度≤10 m，事件识别准确率≥90%。"),
    Tech("金属氧化物气体传感阵列电子鼻", "small_trial", ("电子鼻", "气体传感阵列", "模式识别", "气味检测"),
         "集成8种差异化掺杂的金属氧化物敏感单元，配合机器学习模型识别复杂气味指纹。"
         "可区分老陈醋不同陈酿年份及食品腐败程度，识别准确率≥92%，检测时间≤3分钟。"),
    Tech("隧道磁阻TMR电流传感芯片", "small_trial", ("TMR", "电流传感", "磁传感器", "新能源"),
         "基于隧道磁阻效应的全桥芯片，实现高灵敏度、低功耗的开环电流检测。"
         "带宽≥1 MHz，线性度误差≤0.5%，功耗仅为霍尔方案的十分之一，适用于光伏逆变器和车载充电机。"),
    Tech("输电线路覆冰与舞动在线监测装置", "industrial", ("输电线路", "覆冰监测", "舞动", "电力物联网"),
         "集成拉力传感器、倾角传感器和微气象站，基于线路力学模型计算等值覆冰厚度。"
         "覆冰厚度计算误差≤15%，太阳能供电，在山西北部多条线路稳定运行三个冬季。"),
    Tech("矿用本安型UWB人员精确定位系统", "industrial", ("UWB定位", "矿用本安", "人员定位", "煤矿安全"),
         "基于超宽带双向测距的井下人员定位系统，满足矿用本质安全防爆要求。"
         "定位精度≤0.3 m，单基站覆盖半径200 m，支持电子围栏和一键求救。"),
    Tech("Graphene Hall sensor for high-temperature current measurement", "lab",
         ("graphene", "Hall sensor", "high temperature", "current sensing"),
         "Encapsulated CVD graphene Hall elements keep linear response from -50 °C to 250 °C with sensitivity "
         "six times that of silicon Hall plates. Target applications are motor-drive current loops "
         "and downhole tools."),
    Tech("Self-powered triboelectric vibration sensor for rotating machinery", "small_trial",
         ("triboelectric", "self-powered sensor", "condition monitoring", "energy harvesting"),
         "A contact-separation triboelectric nanogenerator converts machine vibration into both power and "
         "signal, so the sensor node needs no battery. It resolves vibration frequencies up to 1 kHz "
         "and transmits alarms over LoRa."),
    Tech("Fibre-optic hydrogen leak sensor for electrolyser halls", "pilot",
         ("hydrogen sensor", "fibre optic", "palladium alloy", "explosion-proof"),
         "A palladium-alloy coated fibre Bragg grating detects hydrogen from 0.1% to 4% by volume with "
         "no electrical parts at the measuring point, making it intrinsically safe. Response time is below "
         "5 seconds, suited to electrolysers and refuelling stations."),
    Tech("Edge-AI acoustic sensor node for leak detection in water networks", "pilot",
         ("acoustic leak detection", "edge AI", "water network", "NB-IoT"),
         "Hydrophone nodes on hydrants classify leak noise on-device and upload only events over NB-IoT, "
         "giving a five-year battery life. A district pilot located 37 hidden leaks and cut non-revenue "
         "water "
         "by 6 percentage points."),
]

OFFERS["electronic_information"] = [
    Tech("AlGaN深紫外LED外延结构与高光效芯片", "pilot", ("深紫外LED", "AlGaN外延", "杀菌消毒", "光效提升"),
         "采用高温AlN模板与组分渐变超晶格电子阻挡层，提高载流子注入效率并降低位错密度。"
         "275 nm芯片电光转换效率≥5%，100 mA下光功率≥20 mW，寿命≥10000 h，可用于水体和表面杀菌。"),
    Tech("1200 V碳化硅MOSFET器件设计与工艺", "small_trial", ("碳化硅MOSFET", "功率器件", "栅氧可靠性", "新能源汽车"),
         "优化元胞结构与栅氧氮化退火工艺，降低比导通电阻并提高阈值电压稳定性。"
         "比导通电阻≤3.5 mΩ·cm²，阈值漂移≤0.3 V（HTGB 1000 h），可用于车载OBC和光伏逆变器。"),
    Tech("工业互联网标识解析二级节点平台", "industrial", ("工业互联网", "标识解析", "产品追溯", "二级节点"),
         "面向装备制造和食品行业建设的标识注册、解析与数据共享平台，与国家顶级节点对接。"
         "支持亿级标识注册、毫秒级解析，可为企业提供产品全生命周期追溯与供应链协同服务。",
         ip="software_copyright"),
    Tech("基于语义向量的技术需求与科技成果智能匹配引擎", "pilot", ("语义匹配", "技术转移", "知识图谱", "向量检索"),
         "将专利、成果和企业需求文本编码为语义向量，结合产业知识图谱进行多维度匹配和解释。"
         "在省级技术市场数据上Top-10推荐命中率提高约35%，支持中英文跨语言检索。",
         ip="software_copyright"),
    Tech("煤矿视频智能分析与违章行为识别系统", "industrial", ("视频AI", "违章识别", "智慧矿山", "边缘计算"),
         "在井下防爆边缘计算节点部署轻量化识别模型，实时识别未戴安全帽、进入危险区域和皮带异物等情况。"
         "识别准确率≥95%，报警延时≤2 s，已在多座煤矿部署。",
         ip="software_copyright"),
    Tech("基于RISC-V架构的工业控制MCU", "small_batch", ("RISC-V", "MCU", "工业控制", "芯片国产化"),
         "自主设计的32位RISC-V内核集成高精度PWM、CAN FD和硬件安全模块，面向电机控制和PLC。"
         "主频200 MHz，工作温度-40~105℃，提供完整的软件开发工具链和参考设计。"),
    Tech("氮化镓高功率密度快充电源模组", "industrial", ("氮化镓", "快充", "电源模组", "高频开关"),
         "采用GaN功率器件与有源钳位反激拓扑，提升开关频率并缩小磁性元件体积。"
         "65 W模组功率密度≥1.5 W/cm³，满载效率≥94%，已批量供货消费电子品牌。"),
    Tech("面向边缘设备的目标检测模型压缩技术", "pilot", ("模型压缩", "边缘推理", "知识蒸馏", "量化"),
         "结合通道剪枝、知识蒸馏和INT8量化，将检测模型部署到算力有限的国产边缘芯片上。"
         "模型体积压缩约90%，精度下降≤1.5个百分点，推理速度提升4倍。",
         ip="software_copyright", org="jdzz"),
    Tech("化工园区数字孪生安全风险管控平台", "industrial", ("数字孪生", "化工园区", "安全管控", "应急指挥"),
         "集成园区三维模型、重大危险源监测数据和气体扩散模型，实现风险分级预警和应急推演。"
         "可接入上万个监测点位，泄漏扩散模拟结果在1分钟内生成，已在两个省级化工园区运行。",
         ip="software_copyright"),
    Tech("北斗高精度地表形变监测系统", "industrial", ("北斗", "形变监测", "采空区", "地质灾害"),
         "基于北斗多频RTK与静态解算，对采煤沉陷区、尾矿库和滑坡体进行毫米级形变监测。"
         "水平精度±2 mm、垂直精度±3 mm，太阳能供电，支持短信和平台多级预警。"),
    Tech("室内可见光通信与定位技术", "lab", ("可见光通信", "LiFi", "室内定位", "照明通信"),
         "利用LED照明灯具的高速调制实现数据传输与亚米级定位，适用于无线电受限的医院和矿井。"
         "单灯下行速率≥500 Mbps，定位精度≤0.3 m，不产生射频电磁干扰。"),
    Tech("工业CT快速图像重建与缺陷识别算法", "pilot", ("工业CT", "图像重建", "缺陷识别", "无损检测"),
         "基于稀疏角度迭代重建与深度学习去伪影，缩短工业CT扫描时间并自动标注气孔、夹杂。"
         "扫描时间缩短约60%，气孔识别准确率≥95%，适用于铸件和电池无损检测。",
         ip="software_copyright"),
    Tech("电力线高速载波通信HPLC芯片", "small_batch", ("电力线载波", "HPLC", "用电信息采集", "通信芯片"),
         "符合国家电网HPLC标准的通信SoC，集成模拟前端与抗噪声OFDM基带。"
         "物理层速率最高12 Mbps，组网成功率≥99.5%，可用于智能电表和光伏台区监测。"),
    Tech("芯片级量子随机数发生器", "small_trial", ("量子随机数", "信息安全", "真随机数", "密码芯片"),
         "基于激光相位噪声的量子随机源与片上后处理，产生不可预测的真随机数。"
         "生成速率≥1 Gbps，通过NIST SP800-22全部测试，可集成到密码卡和安全网关。"),
    Tech("Micro LED巨量转移与修复技术", "lab", ("Micro LED", "巨量转移", "显示技术", "激光剥离"),
         "利用激光诱导前向转移与弹性印章组合方案，将微米级LED芯片批量转移至驱动背板，并在线检测修复坏点。"
         "转移良率≥99.99%，单次转移芯片数≥10万颗，适合AR微显示和大尺寸拼接屏。"),
    Tech("Federated learning toolkit for cross-hospital medical imaging", "pilot",
         ("federated learning", "medical imaging", "privacy computing", "model training"),
         "Hospitals train a shared lesion-detection model without moving patient images off-site; "
         "only encrypted gradients are exchanged. In a five-hospital chest CT study the federated model "
         "matched centrally trained accuracy within one percentage point.",
         ip="software_copyright"),
    Tech("Low-power LoRa mesh firmware for rural IoT", "small_batch",
         ("LoRa", "mesh network", "rural IoT", "firmware"),
         "Self-healing mesh firmware extends LoRa coverage across hilly villages without cellular signal. "
         "Nodes run three years on two AA cells and relay irrigation, livestock and weather data over 15 km.",
         ip="software_copyright"),
    Tech("GaN-on-Si RF front-end module for 5G small cells", "small_trial",
         ("GaN-on-Si", "RF front-end", "5G small cell", "power amplifier"),
         "A monolithic GaN-on-silicon Doherty amplifier with integrated switch reaches 45% drain efficiency "
         "at 3.5 GHz and 8 W average output. Silicon substrates cut wafer cost versus GaN-on-SiC."),
]

OFFERS["energy_saving"] = [
    Tech("焦炉荒煤气余热回收上升管换热技术", "industrial", ("焦炉上升管", "荒煤气余热", "余热蒸汽", "焦化节能"),
         "在焦炉上升管内设置耐高温防结焦换热夹套，回收700–800℃荒煤气显热产生饱和蒸汽，解决传统氨水喷洒冷却浪费热量的问题。"
         "吨焦产0.6 MPa蒸汽≥90 kg，换热器内壁不结焦、不漏水，单座焦炉年节约标煤约8000吨。",
         org="sxmt"),
    Tech("粉煤灰基地聚合物胶凝材料", "pilot", ("粉煤灰", "地聚合物", "低碳胶凝材料", "固废利用"),
         "以粉煤灰和矿渣为主要原料，经碱激发形成地聚合物胶凝材料，替代部分硅酸盐水泥。"
         "28天抗压强度≥42.5 MPa，固废掺量≥80%，生产过程CO₂排放较水泥降低约70%，可制备预制构件和路基材料。"),
    Tech("燃煤烟气二氧化碳捕集低能耗复合胺吸收剂", "pilot", ("碳捕集", "复合胺", "燃煤电厂", "再生能耗"),
         "以叔胺-位阻胺复配并加入抗氧化组分，提高CO₂吸收容量并降低解吸温度。"
         "再生能耗≤2.4 GJ/t CO₂，吸收剂年损耗≤1.0 kg/t CO₂，已在万吨级捕集装置上连续运行。"),
    Tech("焦化废水臭氧催化氧化深度处理技术", "industrial", ("焦化废水", "臭氧催化氧化", "深度处理", "COD去除"),
         "采用负载锰铈复合氧化物的非均相催化剂，提高臭氧利用率，降解生化出水中难降解的有机物。"
         "出水COD≤50 mg/L，臭氧投加量较单独臭氧氧化减少约40%，催化剂寿命≥3年。"),
    Tech("工业循环冷却水系统节能诊断与优化服务", "industrial", ("循环水", "节能诊断", "水泵优化", "技术服务"),
         "通过现场测试建立循环水系统管网-水泵-冷却塔模型，识别大马拉小车和管网阻力异常等问题。"
         "典型项目综合节电率15%–30%，投资回收期通常不超过2年，已服务焦化、化工和电力企业60余家。",
         ip="trade_secret"),
    Tech("高炉煤气精脱硫技术", "pilot", ("高炉煤气", "精脱硫", "水解催化", "超低排放"),
         "采用有机硫水解加吸附脱硫两段工艺，在源头降低高炉煤气总硫含量，避免用户端分散治理。"
         "脱硫后煤气总硫≤20 mg/m³，燃烧后SO₂排放满足钢铁超低排放要求，吸附剂可再生使用。"),
    Tech("煤矿乏风瓦斯蓄热氧化利用技术", "pilot", ("乏风瓦斯", "蓄热氧化", "甲烷减排", "余热发电"),
         "在蓄热陶瓷床中将浓度0.2%–1.2%的乏风甲烷氧化，回收氧化热产生蒸汽或热水。"
         "甲烷氧化率≥97%，单套装置处理风量6万 m³/h，每年可减排二氧化碳当量约10万吨。"),
    Tech("工业园区综合能源管理与碳排放核算平台", "small_batch", ("综合能源", "碳排放核算", "能源管理", "园区"),
         "汇集园区企业电、气、热、水计量数据，实现能耗在线监测、异常诊断和碳排放自动核算。"
         "支持按国家核算指南生成排放报告，已在3个省级开发区应用，帮助企业平均节能5%以上。",
         ip="software_copyright"),
    Tech("高效永磁同步电机替代改造技术", "industrial", ("永磁电机", "电机能效", "节电改造", "风机水泵"),
         "针对工业风机、水泵长期使用低效异步电机的问题，提供同安装尺寸的IE5永磁同步电机替换方案。"
         "电机效率提高3–8个百分点，配合变频运行综合节电率可达20%，改造无需更换基础。"),
    Tech("市政污泥热泵低温干化技术", "small_batch", ("污泥干化", "热泵", "低温干化", "减量化"),
         "采用闭式热泵除湿干化，在50–70℃下将污泥含水率由80%降至30%以下，无异味外泄。"
         "较传统热干化能耗降低约50%，设备模块化安装，适用于日处理10–100吨的污水厂。"),
    Tech("煤矸石烧结轻质陶粒技术", "industrial", ("煤矸石", "陶粒", "固废资源化", "轻骨料"),
         "利用煤矸石自身含碳量提供部分烧结热，经破碎、成球和回转窑烧结制备轻质陶粒。"
         "陶粒堆积密度600–900 kg/m³，筒压强度≥4 MPa，可用于轻骨料混凝土和园林基质。"),
    Tech("VOCs沸石转轮浓缩与蓄热燃烧一体化治理技术", "industrial", ("VOCs治理", "沸石转轮", "RTO", "喷涂废气"),
         "用疏水沸石转轮将大风量低浓度VOCs浓缩10–20倍，再送入蓄热式燃烧炉氧化。"
         "综合净化效率≥95%，运行能耗比直接燃烧降低约60%，适用于喷涂、印刷和化工行业。"),
    Tech("中低温余热有机朗肯循环发电技术", "pilot", ("有机朗肯循环", "余热发电", "低温余热", "螺杆膨胀机"),
         "采用螺杆膨胀机和环保工质，将80–200℃的工业余热转化为电能。"
         "单机功率50–1000 kW，净发电效率8%–12%，可回收焦化初冷器、空压机等余热。"),
    Tech("脱硫石膏制备α型高强石膏技术", "pilot", ("脱硫石膏", "α高强石膏", "常压水热", "固废利用"),
         "在常压盐溶液中以转晶剂调控晶体形貌，将电厂脱硫石膏转化为短柱状α半水石膏。"
         "2 h抗折强度≥6 MPa、烘干抗压强度≥40 MPa，可用于模具石膏和自流平材料。"),
    Tech("Membrane distillation for zero liquid discharge of coal-chemical brine", "pilot",
         ("membrane distillation", "zero liquid discharge", "brine", "waste heat"),
         "Vacuum membrane distillation driven by 60–80 °C low-grade heat concentrates reverse-osmosis reject "
         "to near saturation before crystallisation. Anti-wetting PTFE membranes ran 2000 hours on coking "
         "brine with salt rejection above 99.9%, reducing evaporator steam demand by 40%."),
    Tech("Electrochemical conversion of CO2 to formate", "lab",
         ("CO2 electroreduction", "formate", "carbon utilisation", "bismuth catalyst"),
         "Bismuth nanosheet gas-diffusion electrodes reduce CO2 to formate with 92% Faradaic efficiency at "
         "200 mA/cm². A 100 cm² stack ran 500 hours, an entry point for turning flue-gas CO2 into chemicals."),
]

OFFERS["modern_agriculture"] = [
    Tech("谷子全程机械化精量播种与减损收获技术", "industrial", ("谷子", "精量播种", "机械化收获", "杂粮"),
         "集成免间苗精量穴播机、中耕除草机和改装的谷子专用联合收获机，解决谷子靠人工间苗、收获损失大的问题。"
         "出苗均匀度提高30%，收获总损失率≤3%，每亩节省人工成本约200元，已在晋中、吕梁丘陵区推广。",
         org="hbhz"),
    Tech("抗旱高产谷子新品种及配套栽培技术", "industrial", ("谷子新品种", "抗旱", "优质米", "配套栽培"),
         "选育的晋谷系列新品种兼顾抗旱、抗倒和米质，配套一膜两季、适期晚播等旱作栽培措施。"
         "旱地亩产较当地主栽品种增产12%以上，小米品质达到国标一级，可按品种使用权许可推广。",
         ip="none"),
    Tech("旱地玉米膜下滴灌水肥一体化技术", "industrial", ("水肥一体化", "膜下滴灌", "旱作农业", "玉米"),
         "根据玉米不同生育期需水需肥规律制定滴灌施肥方案，并配套可降解地膜和智能首部。"
         "较传统漫灌节水40%、节肥20%，亩产提高约15%，已建成万亩示范区。"),
    Tech("日光温室环境智能调控系统", "small_batch", ("智能温室", "环境调控", "设施蔬菜", "农业物联网"),
         "基于温室小气候模型和作物生长模型，自动控制卷帘、风口、补光和水肥设备。"
         "冬季棚内温度波动减少30%，番茄产量提高约18%，可通过手机远程管理多个棚室。",
         ip="software_copyright"),
    Tech("苹果矮砧密植集约栽培技术", "industrial", ("苹果", "矮砧密植", "果园机械化", "提质增效"),
         "采用抗寒矮化中间砧和宽行密株设计，配套简化修剪和果园机械，提高早果性和机械化水平。"
         "定植第三年开始结果，盛果期亩产≥4000 kg，优果率提高20%，亩用工减少约三分之一。"),
    Tech("食用菌菌渣循环利用技术", "pilot", ("菌渣", "循环农业", "有机肥", "基质"),
         "将香菇、平菇菌渣经二次发酵后制成育苗基质和生物有机肥，替代部分泥炭和化肥。"
         "育苗基质出苗率≥95%，每吨菌渣综合增值约300元，减少菌渣随意堆放造成的污染。"),
    Tech("畜禽粪污槽式好氧发酵生产有机肥技术", "industrial", ("畜禽粪污", "好氧发酵", "有机肥", "资源化"),
         "以复合微生物菌剂结合槽式翻抛和强制通风，缩短粪污腐熟周期并控制臭气。"
         "发酵周期由30天缩短至15天，种子发芽指数≥80%，产品符合有机肥料行业标准。"),
    Tech("黄芪仿野生种植与采收机械化技术", "industrial", ("黄芪", "仿野生种植", "中药材", "机械采收"),
         "在恒山山地推广黄芪仿野生直播和深根采挖机械，保持道地性的同时降低用工。"
         "药材黄芪甲苷含量高于药典标准50%以上，机械采收效率为人工的20倍，断根率≤10%。"),
    Tech("植保无人机变量喷施技术", "small_batch", ("植保无人机", "变量喷施", "精准施药", "处方图"),
         "根据多光谱巡田生成的病虫害处方图，控制无人机分区变量喷洒，减少农药用量。"
         "农药用量减少20%–30%，作业效率每小时80亩以上，雾滴沉积均匀性提高。"),
    Tech("盐碱地生物有机改良技术", "pilot", ("盐碱地改良", "脱硫石膏", "耐盐作物", "土壤修复"),
         "以脱硫石膏置换钠离子，配施腐殖酸和耐盐菌剂，并选配耐盐饲草和油葵品种。"
         "两年内土壤pH降低0.5–1.0，耕层含盐量下降30%以上，作物出苗率由不足40%提高到80%。"),
    Tech("枯草芽孢杆菌生物农药防治小麦纹枯病", "small_batch", ("生物农药", "枯草芽孢杆菌", "小麦病害", "绿色防控"),
         "筛选具有强定殖能力的枯草芽孢杆菌菌株，制成可湿性粉剂用于种子包衣和返青期喷施。"
         "田间防效≥70%，与化学药剂减量混用可减少化学农药50%，对环境和天敌安全。"),
    Tech("Hyperspectral drone survey for crop nitrogen status", "pilot",
         ("hyperspectral imaging", "crop nitrogen", "precision fertilisation", "drone"),
         "A lightweight hyperspectral camera on a drone maps wheat and maize nitrogen status at 5 cm "
         "resolution. "
         "Models calibrated on Loess Plateau fields estimate leaf nitrogen with R² above 0.85 and output "
         "variable-rate fertiliser prescriptions that saved 15% urea in trials."),
]

OFFERS["green_food"] = [
    Tech("醋糟膳食纤维与饲料蛋白联产技术", "pilot", ("醋糟", "膳食纤维", "饲料蛋白", "副产物利用"),
         "对酿醋后的醋糟进行脱酸、酶解和固态发酵，分别得到可溶性膳食纤维和菌体蛋白饲料，避免醋糟堆存酸化土壤。"
         "膳食纤维得率≥25%、纯度≥70%，发酵饲料粗蛋白含量由约10%提高到25%以上。",
         org="fhu"),
    Tech("小米营养速食粥挤压膨化与风味保持技术", "small_batch", ("小米", "速食粥", "挤压膨化", "主食工业化"),
         "采用双螺杆低温挤压与微波辅助干燥，制成冲泡3分钟即可食用的小米速食粥，保留小米特有香气。"
         "复水率≥95%，货架期12个月，冲泡后口感接近现熬小米粥，适合早餐和旅行场景。"),
    Tech("沙棘果汁超高压非热杀菌与稳态化技术", "pilot", ("沙棘果汁", "超高压杀菌", "非热加工", "维生素C保留"),
         "以600 MPa超高压替代热杀菌，结合均质和天然胶体复配，解决沙棘果汁油脂上浮和营养损失的问题。"
         "维生素C保留率≥90%，冷藏保质期60天，体系静置无明显分层。"),
    Tech("苦荞茶低温烘焙与芦丁保留技术", "industrial", ("苦荞茶", "芦丁", "低温烘焙", "杂粮深加工"),
         "通过控温蒸煮-分段低温烘焙，减少苦荞黄酮在加工中的热降解，同时提升麦香风味。"
         "成品芦丁含量≥1.5%，较传统炒制工艺提高约40%，已在多家茶企批量生产。"),
    Tech("固态食醋多菌种强化发酵缩短酿造周期技术", "pilot", ("固态发酵", "食醋酿造", "功能菌株", "风味物质"),
         "从传统醋醅中分离高产酸醋酸菌和产香酵母，以定向接种替代自然接种，稳定醋醅发酵。"
         "醋酸发酵周期缩短约30%，出醋率提高8%，川芎嗪等特征风味物质含量不降低。"),
    Tech("果蔬农药残留快速检测卡与便携读数仪", "small_batch", ("农药残留", "快速检测", "胶体金", "食品安全"),
         "基于胶体金免疫层析和酶抑制法的双模式快检卡，配合手机读数仪实现半定量结果。"
         "可同时检测有机磷和氨基甲酸酯类农药，10分钟出结果，检出限满足国家限量标准要求。"),
    Tech("燕麦β-葡聚糖高效提取技术", "pilot", ("燕麦", "β-葡聚糖", "功能配料", "酶法提取"),
         "以燕麦麸为原料，经酶法去除淀粉和蛋白、醇沉和膜浓缩，提取高黏度β-葡聚糖。"
         "产品纯度≥70%，分子量保持在较高水平，可作为降胆固醇功能配料用于饮料和烘焙食品。"),
    Tech("红枣采后保鲜与全枣粉加工技术", "small_batch", ("红枣", "保鲜", "枣粉", "真空冷冻干燥"),
         "鲜枣采用臭氧预处理加气调包装延长保鲜期，次果经真空冷冻干燥制成全枣粉。"
         "鲜枣贮藏期延长至90天，全枣粉易溶解不结块，可用于冲调饮品和烘焙原料。"),
    Tech("核桃冷榨油与核桃蛋白肽联产技术", "pilot", ("核桃油", "冷榨", "核桃肽", "精深加工"),
         "低温压榨保留核桃油中的多不饱和脂肪酸，压榨饼粕经复合酶解制备低分子核桃蛋白肽。"
         "冷榨油酸价≤1.0 mg KOH/g，肽得率≥60%，分子量小于1000 Da的组分占比≥80%。"),
    Tech("Plant-based egg substitute from mung bean protein", "small_trial",
         ("plant-based food", "mung bean protein", "egg substitute", "alternative protein"),
         "Mung bean protein isolate with enzymatic cross-linking forms a gel that scrambles like egg and "
         "works "
         "in baking. Protein extraction yields 80% with neutral flavour, using a crop already grown on "
         "Shanxi dry land."),
]

OFFERS["other"] = [
    Tech("古建筑木构件无损检测与数字化修缮技术", "industrial", ("古建筑保护", "无损检测", "三维扫描", "文物修缮"),
         "综合应用阻抗仪、应力波和三维激光扫描，对古建筑梁柱内部糟朽和结构变形进行评估，并建立数字化修缮档案。"
         "检测对木构件无损伤，三维模型精度优于2 mm，已服务晋南、晋东南多处宋金元时期木构建筑。",
         org="jzlg"),
    Tech("科技成果价值评估模型与评估服务", "industrial", ("成果评价", "价值评估", "技术交易", "科技金融"),
         "综合技术成熟度、专利质量、市场规模和可比交易案例，建立科技成果多因子定价模型。"
         "已为200余项成果提供评估报告，可支持作价入股、知识产权质押融资和挂牌交易。",
         ip="software_copyright", org="bzkd"),
    Tech("黄土高原淤地坝安全风险评估技术", "pilot", ("淤地坝", "水土保持", "风险评估", "黄河流域"),
         "利用无人机测绘、坝体渗流监测和暴雨洪水模拟，对淤地坝溃坝风险进行分级评估。"
         "单座坝评估周期由两周缩短至3天，已在吕梁、忻州等地的数百座淤地坝应用。",
         org="hbhz"),
    Tech("寺观彩塑与壁画微生物病害防治技术", "small_trial", ("文物保护", "彩塑", "壁画", "微生物病害"),
         "通过高通量测序鉴定霉菌与细菌群落，筛选对颜料层无损伤的天然抑菌剂，并配套微环境调控措施。"
         "处理后一年内霉斑复发率下降80%以上，对颜料色度变化ΔE≤1.5。",
         org="fhu"),
]


# Technical needs per field, each written from the point of view of the organisation that posts it.
NEEDS: dict[str, list[Need]] = {}

NEEDS["new_energy_battery"] = [
    Need("jinli", "储能电芯循环寿命提升至12000次的电解液与添加剂方案", ("长循环", "电解液添加剂", "储能电芯", "磷酸铁锂"),
         "公司280 Ah储能电芯目前循环寿命约8000次（25℃、0.5P），电网侧客户招标已要求12000次以上。"
         "希望合作开发成膜添加剂和电解液配方，在不降低首效和倍率性能的前提下，将容量衰减速率降低三分之一，并配合完成电芯验证。",
         (150, 400), ("co_development", "commissioned"), "pilot"),
    Need("jinli", "磷酸铁锂储能电池低温充电能力提升", ("低温充电", "析锂", "负极改性", "北方储能"),
         "山西北部储能电站冬季环境温度常低于-20℃，现有电芯0℃以下只能小电流充电，需加热后运行，损失系统效率。"
         "寻求负极表面改性或电解液低温配方方案，目标-20℃下0.3C充电不析锂、容量≥80%。",
         (100, 300), ("co_development", "license"), "small_trial"),
    Need("jinli", "储能集装箱热失控提前预警方案", ("储能安全", "热失控", "早期预警", "消防"),
         "公司储能集装箱目前依靠温度和烟感报警，发现异常时往往已进入热失控阶段，难以处置。"
         "希望引入能在电芯排气初期识别异常的探测技术，预警时间明显早于温升报警，且误报少，可接入现有BMS和消防系统。",
         (80, 200), ("transfer", "license", "co_development"), "pilot"),
    Need("pengchu", "Low-temperature sodium-ion cells for portable power stations",
         ("sodium-ion cell", "low temperature", "portable power", "cathode supply"),
         "Our portable power stations sell in Northern Europe and Canada, where LFP packs lose much of their "
         "capacity below freezing. "
         "We are looking for a sodium-ion cathode or cell partner able to deliver at least 85% capacity at -20 °C "
         "and 1000 cycles, with a pilot supply of 20 tonnes of cathode material in 2027.",
         (200, 600), ("co_development", "license"), "pilot"),
    Need("pengchu", "户用储能电池包SOC估算精度提升", ("SOC估算", "BMS算法", "户用储能", "磷酸铁锂"),
         "户储产品采用磷酸铁锂电芯，电压平台平坦导致SOC估算误差常超过5%，用户投诉电量显示跳变。"
         "需要可移植到现有BMS主控MCU上的SOC/SOH联合估算算法，全温度范围误差≤3%。",
         (50, 120), ("commissioned", "license"), "small_batch"),
    Need("lvneng", "退役储能电池正极粉料再利用工艺", ("电池回收", "正极粉", "再生利用", "磷酸铁锂"),
         "公司承接了多个储能电站的退役电池拆解业务，每年产生磷酸铁锂正极粉料约3000吨，目前只能低价出售给湿法冶炼厂。"
         "希望引进短流程再生技术，将粉料修复为可直接用于电池的正极材料，减少酸碱用量并提高附加值。",
         (300, 800), ("transfer", "license", "co_development"), "pilot"),
    Need("jinyanggx", "揭榜挂帅：半固态电池中试线关键工艺攻关", ("固态电池", "中试线", "揭榜挂帅", "电解质膜"),
         "为推动高新区新能源电池产业升级，面向全国公开征集半固态电池中试关键工艺攻关团队。"
         "要求揭榜方在园区内建成电解质涂覆和原位固化中试线，电芯能量密度≥350 Wh/kg、通过针刺和热箱测试，成果在园区企业转化。",
         (1000, 2000), ("open_call", "co_development"), "small_trial"),
    Need("hengyue", "动力电池壳体用预镀镍钢带国产化开发", ("预镀镍钢带", "电池壳体", "深冲性能", "国产替代"),
         "圆柱电池壳体用预镀镍钢带长期依赖进口，公司拟利用现有冷轧和连续退火产线开发同类产品。"
         "需要在镀层均匀性、扩散退火和深冲开裂控制方面提供技术支持，镍层厚度偏差≤0.3 μm，深冲后无裂纹。",
         (200, 500), ("co_development", "commissioned"), "pilot"),
    Need("huitong", "煤矿井下防爆锂电池电源系统", ("防爆电源", "锂电池", "无轨胶轮车", "煤矿"),
         "公司计划为井下辅助运输车辆配套锂电池动力，但需满足矿用防爆和本安要求，现有团队缺乏电池系统安全设计经验。"
         "寻求合作开发100–200 kWh防爆锂电池电源，包括电池箱隔爆结构、BMS和热失控防护设计。",
         (200, 500), ("co_development", "commissioned"), "small_batch"),
    Need("fendongkj", "揭榜挂帅：煤基钠电负极低成本量产技术", ("揭榜挂帅", "硬碳", "煤基材料", "钠离子电池"),
         "新区依托本地煤炭资源布局钠离子电池材料产业，现面向高校院所发榜征集煤基负极材料量产技术。"
         "要求材料可逆容量≥290 mAh/g、首效≥85%，吨成本显著低于生物质路线，揭榜团队需在新区落地千吨级项目。",
         (500, 1000), ("open_call", "transfer"), "pilot"),
    Need("pengchu", "便携式储能电芯高倍率放电安全性提升", ("高倍率放电", "电芯安全", "便携储能", "过流保护"),
         "部分型号需支持2C持续输出驱动电器，电芯温升过快并有鼓胀现象，影响产品认证。"
         "寻求电芯选型评估和热设计优化服务，使2C放电时电芯表面温升≤15℃，同时通过UN38.3和IEC 62619测试。",
         (30, 80), ("commissioned",), "small_batch"),
    Need("pengchu", "Battery passport and carbon footprint calculation for EU export",
         ("battery passport", "carbon footprint", "EU Battery Regulation", "LCA"),
         "The EU Battery Regulation will require a carbon footprint declaration and a digital battery "
         "passport for our products. "
         "We need a partner to build a life-cycle model from cell supplier data and our factory energy use, "
         "and to integrate the results into a passport system our customers can scan.",
         (None, None), ("commissioned", "co_development"), None),
]

NEEDS["magnesium_alloy"] = [
    Need("hongmei", "新能源汽车镁合金仪表盘横梁一体化压铸工艺攻关", ("仪表盘横梁", "一体化压铸", "镁合金", "汽车轻量化"),
         "客户要求将由十余个钢冲压件焊接而成的仪表盘横梁改为镁合金一体化压铸件，零件长约1.4 m、局部壁厚仅2 mm。"
         "现有AM60B材料强度偏低且大件充型不稳定，需要高强韧合金及真空压铸工艺支持，目标抗拉强度≥260 MPa、延伸率≥8%。",
         (300, 600), ("co_development", "license"), "pilot"),
    Need("meirui", "镁合金型材耐盐雾腐蚀表面处理技术需求", ("表面处理", "耐腐蚀", "镁合金型材", "环保工艺"),
         "公司镁合金建筑模板和户外型材在潮湿环境中腐蚀较快，现用化学转化膜耐盐雾不足200 h。"
         "寻求环保（不含六价铬）的表面防护工艺，中性盐雾≥800 h，膜层可承受搬运磕碰，单位面积处理成本可控。",
         (100, 300), ("transfer", "license"), "small_batch"),
    Need("meirui", "镁合金锭熔铸夹杂物控制技术", ("熔铸", "夹杂物", "合金锭质量", "精炼"),
         "下游压铸客户反映合金锭中偶有熔剂夹杂，影响压铸件表面质量和耐蚀性。"
         "希望改进精炼除杂工艺，减少熔剂使用量并稳定控制夹杂物含量，提供在线检测方法。",
         (50, 150), ("commissioned", "co_development"), "small_batch"),
    Need("meigupark", "揭榜挂帅：原镁冶炼节能降碳关键技术", ("揭榜挂帅", "原镁冶炼", "节能降碳", "皮江法"),
         "运城镁产业园区原镁产能集中，皮江法冶炼能耗高、碳排放大，已成为园区绿色转型的主要瓶颈。"
         "现面向全国发榜，征集可使吨镁综合能耗降低15%以上的还原装备、还原罐材料或新冶炼工艺，揭榜方须在园区企业完成工程示范。",
         (800, 1500), ("open_call", "co_development"), "pilot"),
    Need("meigupark", "揭榜挂帅：镁渣规模化高值利用", ("揭榜挂帅", "镁渣", "固废资源化", "建材"),
         "园区每年产生还原渣约百万吨，综合利用率不足30%，堆存占地并有扬尘风险。"
         "征集可规模化消纳镁渣的技术路线，单个项目年消纳量≥10万吨，产品有稳定市场，并满足环保要求。",
         (500, 1000), ("open_call", "transfer"), "pilot"),
    Need("hongmei", "镁合金压铸回炉料厂内再生利用", ("回炉料", "再生熔炼", "循环利用", "压铸"),
         "公司每月产生浇冒口和废品约200吨，目前外售回收商，价格仅为新料的六成。"
         "希望建立厂内再生熔炼线，再生料按比例回用于压铸，成分和夹杂满足客户对AZ91D和AM50A的要求。",
         (100, 250), ("transfer", "co_development"), "pilot"),
    Need("hongmei", "镁合金压铸件内部气孔在线X射线检测", ("X射线检测", "气孔缺陷", "在线检测", "质量控制"),
         "结构件客户要求对关键区域气孔进行全检，人工看片效率低且判定标准不一致。"
         "寻求基于X射线实时成像和图像识别的自动检测方案，节拍≤30 s/件，漏检率≤0.5%。",
         (80, 200), ("commissioned",), "small_batch"),
    Need("qinchuan", "Magnesium alloy seat frames for light aircraft",
         ("magnesium alloy", "aircraft seat", "flammability", "lightweight structure"),
         "We supply seat structures for light aircraft and want to replace aluminium legs and spreaders with "
         "magnesium castings. "
         "The alloy must pass cabin flammability requirements and keep fatigue performance; "
         "we seek a materials partner for alloy supply and qualification testing.",
         (150, 400), ("co_development", "license"), "small_trial"),
    Need("meirui", "电动自行车镁合金车架挤压型材开发", ("镁合金型材", "电动自行车", "挤压", "焊接"),
         "公司计划从合金锭延伸至型材，与电动自行车企业合作开发镁合金车架，比铝合金车架减重20%以上。"
         "需要合金成分设计、异型管材挤压模具和车架焊接工艺的整体技术支持。",
         (150, 350), ("co_development", "commissioned"), "small_trial"),
    Need("meirui", "镁基固态储氢产品开发合作", ("固态储氢", "氢化镁", "产品开发", "产业延伸"),
         "依托本地原镁资源，公司拟进入镁基储氢材料领域，面向加氢站和分布式氢能应用。"
         "寻找拥有镁基储氢材料和储罐技术的团队，以作价入股或合作开发方式共建中试线。",
         (None, None), ("co_development", "transfer", "license"), "pilot"),
    Need("meigupark", "镁合金轮毂项目技术合作方征集", ("镁合金轮毂", "项目招引", "汽车零部件", "成形工艺"),
         "园区拟引进镁合金轮毂生产项目，配套当地镁合金原料，现征集具备成形工艺和台架试验能力的技术团队。"
         "园区可提供厂房、设备补助和首台套推广支持。",
         (300, 800), ("co_development", "transfer"), "pilot"),
    Need("meirui", "Certification support for magnesium sacrificial anodes for export",
         ("sacrificial anode", "cathodic protection", "export certification", "magnesium"),
         "An overseas pipeline contractor wants to buy our high-potential magnesium anodes but requires "
         "testing to "
         "international standards for potential and current capacity. We need a laboratory partner for "
         "long-term electrochemical testing and help adjusting the alloy where results fall short.",
         (20, 60), ("commissioned",), "industrial"),
]

NEEDS["new_materials"] = [
    Need("hengyue", "0.03 mm超薄精密不锈钢带板形控制", ("精密带钢", "板形控制", "超薄不锈钢", "冷轧"),
         "公司已能批量生产0.05 mm不锈钢精密带，但0.03 mm规格板形浪高超标，折叠屏支撑板客户验证未通过。"
         "寻求二十辊轧机板形控制模型与张力退火工艺优化，目标浪高≤1 mm/m，厚度公差±1.5 μm。",
         (150, 400), ("co_development", "commissioned"), "small_batch"),
    Need("hengyue", "新能源汽车驱动电机用高牌号无取向电工钢降铁损", ("无取向电工钢", "铁损", "驱动电机", "薄规格"),
         "驱动电机客户要求0.25 mm无取向电工钢高频铁损P1.0/400≤12 W/kg，现有产品约13.5 W/kg。"
         "希望在成分设计、常化和退火工艺方面开展合作，保证磁感不降低。",
         (200, 500), ("co_development",), "pilot"),
    Need("jingchen", "碳化硅晶锭微管与位错缺陷控制技术合作", ("碳化硅", "晶体生长", "缺陷控制", "衬底"),
         "公司正在从蓝宝石衬底向碳化硅衬底拓展，已购置PVT长晶炉，但6英寸晶锭微管和基平面位错密度偏高、良率不到40%。"
         "需要在热场设计、籽晶粘接和生长工艺上有成熟经验的团队，以技术许可或合作开发方式帮助提升晶体质量。",
         (400, 900), ("license", "co_development"), "pilot"),
    Need("jingchen", "蓝宝石衬底化学机械抛光液国产化", ("抛光液", "CMP", "蓝宝石衬底", "国产替代"),
         "蓝宝石衬底抛光液目前采购进口产品，成本高、交期长。"
         "寻求硅溶胶抛光液配方与工艺，去除速率≥3 μm/h，表面粗糙度Ra≤0.3 nm，可在现有抛光机上直接使用。",
         (50, 150), ("transfer", "co_development"), "small_trial"),
    Need("fendongkj", "揭榜挂帅：煤基高端碳材料产业化", ("揭榜挂帅", "煤基碳材料", "针状焦", "碳纤维"),
         "为推动煤炭由燃料向原料转变，新区发布煤基高端碳材料揭榜项目，方向包括针状焦、沥青基碳纤维和特种石墨。"
         "要求揭榜团队拥有自主知识产权，三年内在新区实现产业化，单个项目支持经费按实际投入比例核定。",
         (500, 1500), ("open_call", "co_development"), "pilot"),
    Need("qinchuan", "航空结构件用中温固化碳纤维预浸料国产替代", ("预浸料", "碳纤维复合材料", "航空结构件", "国产替代"),
         "公司承接无人机结构件订单，所用中温固化预浸料依赖进口，交付周期长达三个月。"
         "寻求国产预浸料供应或技术合作，性能需满足玻璃化转变温度≥150℃、层间剪切强度≥80 MPa。",
         (80, 200), ("co_development", "transfer"), "small_batch"),
    Need("huitong", "液压支架用1000 MPa级高强钢焊接材料及工艺", ("高强钢焊接", "焊接材料", "液压支架", "冷裂纹"),
         "为实现液压支架减重，公司拟采用1000 MPa级高强钢，但焊接冷裂纹敏感、接头韧性不足。"
         "需要配套焊丝选型、预热与焊后热处理工艺研究，接头-20℃冲击功≥47 J。",
         (80, 200), ("commissioned", "co_development"), "small_batch"),
    Need("jingce", "Thermally conductive potting compound for sensor housings",
         ("potting compound", "thermal conductivity", "sensor packaging", "silicone"),
         "Our pressure and temperature sensors for EV thermal management are potted with a silicone that "
         "limits heat transfer. "
         "We need a low-viscosity, electrically insulating compound with thermal conductivity of at least 2 W/(m·K) "
         "that survives -40 to 150 °C cycling without cracking.",
         (30, 80), ("commissioned", "transfer"), "small_batch"),
    Need("ruihe", "医用级导电硅胶电极材料开发", ("导电硅胶", "医用电极", "生物相容性", "可穿戴"),
         "可穿戴心电产品使用一次性凝胶电极，长期佩戴容易引起皮肤过敏。"
         "寻求可重复使用的导电硅胶电极材料，体积电阻率≤10 Ω·cm，通过细胞毒性和皮肤致敏测试。",
         (40, 100), ("co_development",), "small_trial"),
    Need("hengyue", "Anti-fingerprint coating for decorative stainless steel strip",
         ("anti-fingerprint", "stainless steel", "coating", "roll-to-roll"),
         "Appliance customers ask for brushed stainless strip that does not show fingerprints. "
         "We seek a thin, transparent coating that can be applied roll-to-roll at line speeds above 40 "
         "m/min, "
         "keeps the metallic look and passes salt spray and abrasion tests.",
         (50, 120), ("transfer", "license"), "small_batch"),
]

NEEDS["biomedicine"] = [
    Need("fenxing", "沙棘叶有效成分提纯工艺升级", ("沙棘叶", "黄酮提纯", "工艺升级", "保健食品原料"),
         "公司现用乙醇回流提取沙棘叶，提取物总黄酮含量仅40%左右，难以满足保健食品注册和出口客户的规格要求。"
         "希望引进收率更高、纯度可达80%以上的分离纯化工艺，并提供降血脂等功效评价数据支持产品申报。",
         (80, 200), ("transfer", "license"), "pilot"),
    Need("fenxing", "经典名方中成药二次开发与循证研究", ("中成药", "二次开发", "循证医学", "上市后研究"),
         "公司独家品种清热解毒颗粒已上市多年，临床定位宽泛、缺乏高质量循证证据，影响进入医院市场。"
         "寻求临床药理和循证医学团队，设计开展上市后多中心临床研究并明确优势适应症。",
         (300, 600), ("commissioned",), "industrial"),
    Need("fenxing", "党参配方颗粒质量标准研究", ("配方颗粒", "党参", "质量标准", "备案"),
         "公司计划新增党参、黄芪等山西道地药材配方颗粒品种，需完成标准汤剂、特征图谱和含量测定研究。"
         "希望委托有经验的团队在8个月内完成研究并协助完成省级备案。",
         (60, 120), ("commissioned",), "industrial"),
    Need("ruihe", "Immunoassay reagents for cardiac markers on our point-of-care analyser",
         ("cardiac troponin", "point of care", "immunoassay", "reagent development"),
         "Our handheld fluorescence analyser lacks a high-sensitivity troponin I test, which emergency "
         "departments ask for first. "
         "We are looking for a reagent or cartridge partner with a cTnI assay reaching 0.01 ng/mL and "
         "results within 15 minutes, "
         "ideally also NT-proBNP, for co-development and registration.",
         (150, 400), ("co_development", "license"), "small_batch"),
    Need("ruihe", "动态心电贴房颤自动识别算法", ("动态心电", "房颤识别", "算法", "医疗器械软件"),
         "公司单导联心电贴已取得注册证，下一步需要增加房颤自动识别功能以提升产品竞争力。"
         "寻求可满足医疗器械软件注册要求的算法合作，房颤识别敏感度和特异度均≥95%。",
         (80, 180), ("license", "co_development"), "pilot"),
    Need("fendongkj", "揭榜挂帅：道地药材连翘全产业链开发", ("揭榜挂帅", "连翘", "道地药材", "大健康产品"),
         "新区周边山地野生连翘资源丰富，但目前以原料出售为主，附加值低。"
         "现面向全国发榜，征集连翘有效成分提取、创新制剂或功能食品开发项目，要求揭榜方与本地企业联合实施并形成可上市产品。",
         (300, 800), ("open_call", "co_development"), "pilot"),
    Need("fenxing", "口服固体制剂一致性评价技术服务", ("一致性评价", "仿制药", "溶出曲线", "BE试验"),
         "公司有3个口服固体仿制药品种需开展一致性评价，涉及处方工艺研究、溶出曲线比较和生物等效性试验。"
         "寻求一体化技术服务机构，按品种打包报价。",
         (None, None), ("commissioned",), "industrial"),
    Need("ruihe", "导尿管与中心静脉导管抗菌涂层", ("抗菌涂层", "导管", "导管相关感染", "医疗器械"),
         "公司拟开发带抗菌涂层的导尿管和中心静脉导管，降低导管相关感染风险。"
         "需要涂层材料与涂覆工艺，抗菌效果持续≥14天，涂层不影响导管柔顺性并通过生物相容性评价。",
         (100, 250), ("co_development", "license"), "small_trial"),
    Need("ruihe", "慢性创面智能敷料湿度与感染监测", ("智能敷料", "创面监测", "柔性电子", "慢性创面"),
         "糖尿病足等慢性创面换药频繁，医生难以及时掌握创面状态。"
         "希望合作开发集成湿度、温度和pH传感的智能敷料，通过蓝牙向护理端推送换药和感染风险提示。",
         (100, 300), ("co_development",), "lab"),
]

NEEDS["advanced_equipment"] = [
    Need("huitong", "液压支架油缸表面修复替代电镀工艺", ("油缸修复", "替代镀铬", "表面强化", "再制造"),
         "公司每年为矿方大修液压支架立柱和千斤顶约3000根，现用电镀硬铬工艺污染重、镀层易剥落，环保压力大。"
         "希望引进绿色表面修复技术，修复层耐磨耐蚀性能不低于镀铬，单根修复成本不高于新件的一半，可在厂内建线。",
         (200, 500), ("transfer", "license", "co_development"), "industrial"),
    Need("huitong", "综采工作面刮板输送机直线度自动检测与调直", ("直线度检测", "综采工作面", "惯性导航", "智能开采"),
         "工作面推进过程中刮板输送机直线度依靠人工拉线测量，调整不及时导致设备磨损和推移困难。"
         "寻求基于惯导或激光的自动检测方案，直线度检测精度±50 mm，并与支架电液控制系统联动自动调直。",
         (150, 350), ("co_development",), "pilot"),
    Need("huitong", "纺织细纱机智能化改造方案", ("纺织机械", "细纱机", "智能化改造", "用工减少"),
         "公司纺机事业部客户普遍面临挡车工招工难，希望在现有细纱机上加装断头监测和自动接头装置。"
         "寻求成熟技术合作，单锭改造成本可控，接头成功率≥90%。",
         (100, 250), ("license", "co_development"), "small_trial"),
    Need("jingce", "Automated calibration bench for pressure sensors",
         ("calibration", "pressure sensor", "test automation", "temperature compensation"),
         "Calibrating each pressure sensor at five temperatures currently takes 40 minutes of operator time. "
         "We need an automated multi-station bench that handles 64 sensors per batch, controls temperature from -40 to 150 °C "
         "and writes compensation coefficients directly to the ASIC.",
         (80, 200), ("commissioned",), "small_batch"),
    Need("qinchuan", "钛合金薄壁框类零件加工变形控制", ("钛合金", "薄壁件", "加工变形", "数控加工"),
         "公司加工的钛合金薄壁框类零件壁厚1.5 mm，铣削后变形超差，合格率不足70%。"
         "寻求残余应力预测、装夹方案和刀路优化技术，使零件平面度≤0.1 mm。",
         (50, 150), ("commissioned", "co_development"), "small_batch"),
    Need("hongmei", "压铸岛自动取件与喷涂机器人集成", ("压铸岛", "机器人集成", "自动喷涂", "自动化改造"),
         "公司有8台老旧压铸机仍为人工取件和喷涂脱模剂，节拍不稳定、劳动强度大。"
         "寻求压铸岛自动化集成方案，包括取件、喷涂、冷却和切边全流程，改造后单机节省2人。",
         (150, 300), ("commissioned",), "industrial"),
    Need("jinyanggx", "揭榜挂帅：露天矿无人驾驶矿卡编组运行", ("揭榜挂帅", "无人驾驶", "矿用卡车", "智慧矿山"),
         "为推动矿山装备智能化，高新区联合本地矿山企业发布露天矿无人驾驶编组运行揭榜项目。"
         "要求揭榜方实现不少于10台矿卡的无人编组作业，运输效率达到人工驾驶的90%以上，并在园区设立研发中心。",
         (1000, 2500), ("open_call", "co_development"), "pilot"),
    Need("jingchen", "LED芯片外观缺陷视觉检测设备", ("机器视觉", "外观检测", "LED芯片", "深度学习"),
         "芯片分选前的外观检测仍大量依赖人工显微镜目检，漏检和误判率高。"
         "寻求基于深度学习的自动光学检测设备，识别崩边、沾污、电极缺损等缺陷，检测速度≥30000颗/小时。",
         (100, 250), ("commissioned", "transfer"), "small_batch"),
    Need("hengyue", "冷轧带钢表面缺陷在线检测系统", ("表面检测", "带钢缺陷", "机器视觉", "质量追溯"),
         "精密带钢表面的划伤、辊印和孔洞需在线全检，现有进口系统误报多、维护费用高。"
         "寻求国产化在线检测系统，线速度300 m/min下可识别≥0.1 mm缺陷，分类准确率≥95%。",
         (150, 300), ("transfer", "commissioned"), "industrial"),
    Need("huitong", "Remote operation system for longwall shearers",
         ("remote operation", "longwall mining", "video transmission", "teleoperation"),
         "To move operators out of the coal face we want to run shearers from a surface control room. "
         "We seek a partner for low-latency video, 3D face visualisation and a safety-rated control link, "
         "with end-to-end latency below 200 ms over the mine network.",
         (200, 500), ("co_development",), "pilot"),
]

NEEDS["smart_sensors"] = [
    Need("ganzhixin", "煤矿井下低功耗瓦斯检测元件国产化", ("瓦斯检测", "低功耗", "载体催化元件", "国产替代"),
         "公司瓦斯检测仪目前采用进口绕丝式催化元件，功耗约300 mW，导致便携仪续航短、成本高。"
         "寻求国产低功耗甲烷敏感元件或芯片，功耗降低到100 mW以下，量程覆盖0–4%，满足煤矿本安认证要求，年需求约10万只。",
         (100, 300), ("transfer", "co_development", "license"), "small_batch"),
    Need("ganzhixin", "化工园区有毒气体传感器寿命提升", ("有毒气体", "电化学传感器", "寿命", "交叉干扰"),
         "化工园区监测点位的硫化氢和一氧化碳传感器平均两年需更换一次，运维成本高，且在高湿环境下漂移明显。"
         "希望合作开发寿命5年以上、抗湿度和交叉干扰的电化学传感器。",
         (60, 150), ("co_development", "license"), "pilot"),
    Need("jingce", "MEMS pressure die for 800 V EV thermal management",
         ("MEMS pressure", "automotive", "refrigerant", "high temperature"),
         "Our refrigerant pressure sensors for 800 V heat-pump systems need a piezoresistive MEMS die stable up to 150 °C. "
         "Imported dies are on allocation. We look for a domestic die supplier or licensable SOI process "
         "with "
         "0.1% FS accuracy and automotive qualification support.",
         (100, 300), ("license", "transfer"), "small_batch"),
    Need("jinyanggx", "揭榜挂帅：MEMS传感器公共中试平台建设运营", ("揭榜挂帅", "MEMS", "中试平台", "传感器产业"),
         "高新区规划建设MEMS传感器公共中试平台，面向全国征集具备工艺开发和平台运营能力的团队。"
         "揭榜方需在两年内打通压力、气体、惯性三类MEMS工艺，服务园区企业不少于20家。",
         (2000, 5000), ("open_call", "co_development"), "small_trial"),
    Need("hengyue", "连铸板坯表面温度在线测量", ("高温测量", "连铸", "红外测温", "工艺控制"),
         "连铸二冷区板坯表面温度无法准确测量，水雾和氧化铁皮干扰严重，影响二冷水动态控制。"
         "寻求可在800–1200℃、强水雾环境下稳定工作的测温方案，测量误差≤±10℃。",
         (50, 150), ("commissioned", "transfer"), "pilot"),
    Need("wotian", "万亩农场土壤墒情监测网络建设", ("土壤墒情", "传感器网络", "精准灌溉", "低成本"),
         "公司在临汾流转土地2.6万亩，灌溉凭经验安排，浪费水电且效果不稳定。"
         "希望以较低成本布设墒情监测点，每500亩不少于1个点，数据接入灌溉调度系统，单点硬件成本控制在2000元以内。",
         (30, 80), ("commissioned", "transfer"), "small_batch"),
    Need("ruihe", "防褥疮床垫压力分布柔性传感阵列", ("柔性传感", "压力分布", "褥疮预防", "护理"),
         "长期卧床患者褥疮高发，护理人员难以掌握体压分布。"
         "寻求可集成于床垫的大面积柔性压力传感阵列，分辨率≤5 cm，耐清洗消毒，量产成本可控。",
         (60, 150), ("co_development", "license"), "small_trial"),
    Need("lvneng", "输煤栈桥皮带火灾分布式测温预警", ("分布式测温", "光纤测温", "皮带火灾", "电厂安全"),
         "电厂和焦化厂输煤栈桥粉尘大、距离长，托辊过热引发皮带火灾的风险突出，点式探测器覆盖不足。"
         "需要连续式温度监测方案，定位精度≤1 m，单套覆盖≥4 km，可联动喷淋。",
         (40, 120), ("transfer", "commissioned"), "industrial"),
    Need("ganzhixin", "Open-path methane detection for coal mine return airways",
         ("open-path detection", "methane", "laser spectroscopy", "coal mine"),
         "Point sensors in wide return airways miss local methane accumulations. "
         "We want to integrate an intrinsically safe open-path laser methane module into our monitoring "
         "system, "
         "covering a 50 m path with ppm·m sensitivity and a standard 4–20 mA or RS-485 output.",
         (50, 150), ("license", "co_development"), "pilot"),
]

NEEDS["electronic_information"] = [
    Need("pengchu", "Bidirectional inverter with 98% peak efficiency for home storage",
         ("bidirectional inverter", "home storage", "SiC", "efficiency"),
         "Our next home storage system needs a 10 kW hybrid inverter with 98% peak efficiency and a "
         "battery-to-grid path "
         "that meets European grid codes. We are looking for a power-electronics team to co-develop the "
         "topology, "
         "SiC device selection and control firmware.",
         (150, 400), ("co_development", "commissioned"), "pilot"),
    Need("jingchen", "深紫外LED芯片光效提升技术合作", ("深紫外LED", "外延结构", "光效", "杀菌"),
         "公司深紫外LED芯片外量子效率约2.5%，与国际先进水平差距明显，难以进入水处理杀菌模组市场。"
         "希望与外延结构设计团队合作，将280 nm以下芯片电光转换效率提高到4%以上。",
         (200, 500), ("co_development", "license"), "pilot"),
    Need("ganzhixin", "物联网平台国产操作系统与数据库适配", ("信创适配", "物联网平台", "国产数据库", "迁移"),
         "政府和国企客户要求监测平台运行在国产操作系统和数据库上，现有平台基于国外开源组件。"
         "寻求技术服务团队完成平台迁移、性能调优和兼容性认证。",
         (40, 100), ("commissioned",), "industrial"),
    Need("chunxiang", "食醋酿造车间数字化与质量追溯系统", ("数字化车间", "质量追溯", "酿造工艺", "数据采集"),
         "公司酿造过程温度、翻醅和淋醋等环节依赖老师傅经验，批次质量波动大，且无法满足客户的追溯要求。"
         "希望建设覆盖制曲到灌装的数据采集与追溯系统，并积累工艺数据用于标准化生产。",
         (60, 150), ("commissioned",), "small_batch"),
    Need("jinyanggx", "揭榜挂帅：面向制造业的行业大模型应用示范", ("揭榜挂帅", "大模型", "智能制造", "应用示范"),
         "高新区征集面向装备制造和新材料企业的行业大模型应用，场景包括工艺知识问答、质量根因分析和设备运维助手。"
         "要求在不少于5家园区企业完成部署验证，数据不出园区。",
         (500, 1000), ("open_call", "co_development"), "pilot"),
    Need("huitong", "综采设备视频智能监测与人员安全识别", ("视频AI", "综采装备", "人员安全", "防爆边缘计算"),
         "公司计划在交付的综采成套装备中集成视频智能监测，识别人员进入危险区域和设备异常。"
         "需要可部署在防爆边缘计算设备上的识别算法，并支持在线更新模型。",
         (80, 200), ("license", "co_development"), "industrial"),
    Need("jingchen", "碳化硅功率器件可靠性测试服务", ("可靠性测试", "碳化硅器件", "HTGB", "车规认证"),
         "公司试制的碳化硅MOSFET需完成HTRB、HTGB、H3TRB等可靠性测试，以支持客户车规认证。"
         "寻求具备AEC-Q101测试能力的实验室提供测试与失效分析服务。",
         (30, 80), ("commissioned",), "small_batch"),
    Need("lvneng", "环保设施远程运维与故障预警平台", ("远程运维", "故障预警", "环保设施", "工业物联网"),
         "公司运营的脱硫脱硝和污水处理设施分布在数十家客户现场，运维人员奔波且故障发现滞后。"
         "需要建设远程监控与故障预警平台，对关键设备实现预测性维护，减少非计划停机。",
         (50, 120), ("commissioned", "co_development"), "industrial"),
]

NEEDS["energy_saving"] = [
    Need("lvneng", "焦化企业上升管余热利用改造", ("余热回收", "焦化", "节能改造", "蒸汽"),
         "公司为晋城、长治多家焦化厂提供节能改造总包服务，客户焦炉荒煤气热量仍通过喷洒氨水直接冷却浪费掉。"
         "寻求成熟可靠的荒煤气显热回收技术及换热装备，要求长期运行不结焦、不泄漏，吨焦回收蒸汽量可量化考核。",
         (300, 800), ("transfer", "license"), "industrial"),
    Need("lvneng", "焦化废水近零排放工艺优化", ("焦化废水", "零排放", "分盐结晶", "膜浓缩"),
         "客户焦化废水零排放系统运行成本高，结晶杂盐难以处置。"
         "希望优化膜浓缩和分盐结晶工艺，产出符合标准的工业氯化钠和硫酸钠，吨水运行成本降低20%。",
         (150, 400), ("co_development", "commissioned"), "pilot"),
    Need("hengyue", "轧钢加热炉燃烧优化与节能", ("加热炉", "燃烧优化", "节能", "氧化烧损"),
         "公司两座步进式加热炉煤气单耗偏高，钢坯氧化烧损约1.2%。"
         "寻求燃烧智能控制与炉压优化方案，目标吨钢煤气消耗降低8%，氧化烧损降至0.8%以下。",
         (100, 250), ("commissioned", "co_development"), "industrial"),
    Need("meirui", "镁冶炼还原炉烟气余热回收", ("还原炉", "烟气余热", "节能", "原镁冶炼"),
         "公司还原炉排烟温度在500℃左右，余热未得到利用。"
         "寻求适用于含尘烟气的余热回收方案，用于预热助燃空气或发电，投资回收期不超过3年。",
         (150, 400), ("transfer", "co_development"), "industrial"),
    Need("chunxiang", "酿造高浓度有机废水处理与沼气利用", ("高浓度废水", "厌氧处理", "沼气", "酿造行业"),
         "食醋酿造清洗和淋醋废水COD高达2万 mg/L，现有处理设施难以稳定达标。"
         "希望采用高效厌氧加好氧组合工艺，出水达到纳管标准，沼气回用于锅炉。",
         (80, 200), ("commissioned", "transfer"), "industrial"),
    Need("lvneng", "Pilot partner for CO2 capture at a coking plant",
         ("carbon capture", "coking plant", "solvent", "pilot plant"),
         "A coking client wants a 10,000 t/a CO2 capture pilot on its lime kiln and boiler flue gas. "
         "We are looking for a technology owner with a low-regeneration-energy solvent and pilot experience "
         "to join as process licensor while we deliver engineering and construction.",
         (None, None), ("license", "co_development"), "pilot"),
    Need("jingchen", "洁净厂房空调系统节能改造", ("洁净厂房", "空调节能", "冷热回收", "能耗管理"),
         "公司外延和芯片车间洁净空调能耗占全厂用电40%以上。"
         "寻求节能诊断和改造方案，包括新风热回收、变风量控制和冷水机组群控，目标节能20%且洁净度不降级。",
         (100, 300), ("commissioned",), "industrial"),
    Need("wotian", "玉米秸秆成型燃料替代散煤技术", ("秸秆", "生物质成型燃料", "清洁取暖", "农业废弃物"),
         "公司每年产生玉米秸秆约2万吨，周边村镇有冬季清洁取暖需求。"
         "希望引进秸秆成型燃料加工和配套炉具技术，燃料热值≥14 MJ/kg，燃烧排放满足地方标准。",
         (50, 150), ("transfer",), "industrial"),
]

NEEDS["modern_agriculture"] = [
    Need("wotian", "丘陵山地小杂粮机械化种收方案", ("小杂粮", "丘陵山地", "机械化", "减损收获"),
         "公司在吕梁山区新建谷子、糜子订单基地3000亩，地块小、坡度大，播种和收获仍靠人工，用工成本占总成本一半以上。"
         "需要适合坡地的小型播种、间苗和收获机械配套方案，收获损失率控制在5%以内，并提供农机手培训。",
         (50, 150), ("transfer", "co_development"), "industrial"),
    Need("wotian", "苹果园水肥一体化与病虫害预警", ("苹果园", "水肥一体化", "病虫害预警", "智慧果园"),
         "公司苹果园3000亩，施肥打药主要凭经验，腐烂病和早期落叶病时有暴发。"
         "寻求集成水肥一体化和病虫害预测预警的智慧果园方案，节水节肥20%以上，关键病害提前5天预警。",
         (80, 200), ("commissioned", "co_development"), "industrial"),
    Need("wugufang", "订单杂粮基地优质专用品种引进", ("杂粮品种", "订单农业", "加工专用", "燕麦"),
         "公司即食燕麦和小米产品对原料蛋白含量、出米率和加工适应性要求高，现有农户种植品种混杂。"
         "希望引进适合忻州高寒区种植的优质专用品种并建立良种繁育体系。",
         (20, 60), ("license", "transfer"), "industrial"),
    Need("fendongkj", "揭榜挂帅：设施农业节能日光温室新结构", ("揭榜挂帅", "日光温室", "设施农业", "节能"),
         "为发展冬季设施蔬菜，新区征集适合晋中地区气候的节能型日光温室新结构和智能环境控制技术。"
         "要求冬季不加温条件下最低室温≥8℃，土地利用率较传统温室提高30%以上。",
         (300, 600), ("open_call", "co_development"), "pilot"),
    Need("fendongkj", "Partner for a dryland water-saving agriculture demonstration zone",
         ("dryland farming", "water saving", "demonstration", "international cooperation"),
         "The district is planning a 10,000-mu dryland demonstration zone and welcomes domestic and "
         "international partners "
         "with proven water-saving technologies, such as deficit irrigation, mulching and drought-tolerant "
         "varieties, "
         "to run field trials and farmer training over three seasons.",
         (200, 500), ("co_development", "commissioned"), "industrial"),
]

NEEDS["green_food"] = [
    Need("chunxiang", "醋渣综合利用技术需求", ("醋渣", "综合利用", "高值化", "酿造副产物"),
         "公司每年产生湿醋渣约4万吨，含酸高、易腐败，目前低价出售给养殖户，旺季常出现堆积和异味投诉。"
         "希望引进醋渣高值化利用技术，如提取功能性纤维、生产蛋白饲料或有机肥，实现就地消纳并产生经济效益。",
         (100, 300), ("transfer", "co_development"), "pilot"),
    Need("wugufang", "杂粮即食产品口感改善与保质期延长", ("即食杂粮", "口感改良", "保质期", "回生"),
         "公司荞麦和燕麦即食面条口感粗糙、易断条，常温保质期只有6个月。"
         "寻求改良配方和工艺的技术支持，改善口感并将保质期延长至12个月，不添加化学防腐剂。",
         (30, 80), ("commissioned",), "small_batch"),
    Need("fenxing", "沙棘果汁褐变与分层控制", ("沙棘果汁", "褐变", "分层", "饮料工艺"),
         "公司沙棘果汁饮料货架期内颜色变深、油脂上浮，影响外观和销量。"
         "寻求护色和稳定化技术，最好采用非热加工方式，保留维生素C等营养成分。",
         (40, 100), ("transfer", "commissioned"), "pilot"),
    Need("chunxiang", "Shelf-life extension for fruit vinegar drinks without preservatives",
         ("fruit vinegar", "shelf life", "clean label", "beverage"),
         "Our fruit vinegar drinks for export must be preservative-free. Products currently show sediment "
         "and flavour loss "
         "after four months. We seek formulation and processing know-how to reach twelve months of shelf life "
         "at room temperature.",
         (30, 80), ("commissioned", "license"), "small_batch"),
]

NEEDS["other"] = [
    Need("fendongkj", "区域古建筑数字化档案与保护监测", ("古建筑", "数字化档案", "保护监测", "文物"),
         "新区辖区内有省级以上文物保护单位古建筑12处，缺少精确的测绘资料和结构状态监测手段。"
         "委托开展三维激光扫描建档和木构件病害检测，并建立长期监测方案。",
         (100, 200), ("commissioned",), "industrial"),
    Need("jinyanghu", "在孵企业知识产权托管与专利布局服务", ("知识产权托管", "专利布局", "孵化服务", "科技型中小企业"),
         "孵化器在孵企业普遍缺少专职知识产权人员，专利申请质量不高、布局零散。"
         "征集知识产权服务机构为在孵企业提供年度托管、专利挖掘和侵权风险排查服务，按服务企业数量计费。",
         (20, 50), ("commissioned",), None),
    Need("changhe", "早期硬科技项目技术尽调专家服务", ("技术尽调", "投资评估", "专家服务", "硬科技"),
         "基金拟在新能源、新材料方向投资一批高校成果转化项目，需要独立专家对技术先进性、成熟度和知识产权稳定性进行评估。"
         "寻求技术转移机构或高校专家团队建立长期合作，按项目出具技术尽调报告。",
         (None, None), ("commissioned",), None),
]

# Needs paired with an offer that solves them, in different words: a matching engine should find these.
MATCHING_PAIRS: list[tuple[str, str]] = [
    ("退役储能电池正极粉料再利用工艺", "废旧磷酸铁锂电池正极材料直接再生修复技术"),
    ("储能集装箱热失控提前预警方案", "锂电池热失控早期预警多气体探测技术"),
    ("揭榜挂帅：煤基钠电负极低成本量产技术", "无烟煤基钠离子电池硬碳负极材料"),
    ("Low-temperature sodium-ion cells for portable power stations", "钠离子电池层状氧化物正极材料及百公斤级制备工艺"),
    ("新能源汽车镁合金仪表盘横梁一体化压铸工艺攻关", "高强韧稀土镁合金大型薄壁压铸件成形技术"),
    ("镁合金型材耐盐雾腐蚀表面处理技术需求", "镁合金表面微弧氧化与封孔复合防护技术"),
    ("碳化硅晶锭微管与位错缺陷控制技术合作", "6英寸导电型碳化硅单晶低缺陷生长技术"),
    ("沙棘叶有效成分提纯工艺升级", "沙棘黄酮高纯度提取与降血脂功能评价"),
    ("Immunoassay reagents for cardiac markers on our point-of-care analyser", "微流控芯片心肌标志物即时检测系统"),
    ("液压支架油缸表面修复替代电镀工艺", "液压支架立柱激光熔覆再制造技术"),
    ("煤矿井下低功耗瓦斯检测元件国产化", "MEMS催化燃烧式甲烷传感芯片"),
    ("MEMS pressure die for 800 V EV thermal management", "宽温区MEMS压阻式压力传感芯片"),
    ("焦化企业上升管余热利用改造", "焦炉荒煤气余热回收上升管换热技术"),
    ("丘陵山地小杂粮机械化种收方案", "谷子全程机械化精量播种与减损收获技术"),
    ("醋渣综合利用技术需求", "醋糟膳食纤维与饲料蛋白联产技术"),
]
