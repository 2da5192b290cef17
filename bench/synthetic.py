"""Seeded synthetic technology postings and vectors for the benchmarks (no database, no model).

Texts are composed from field-specific Chinese and English vocabularies and sentence templates, so that
term frequencies look like a real market: a few words shared by every posting, field words shared by a
tenth, and many rarer ones. About 70% of postings are Chinese and 30% English; each matchable text
(`embeddings.text.posting_text` of title, description, field and keywords) is 150–400 characters long.

    from synthetic import postings, unit_vectors
    docs = postings(1000, seed=1)                  # list[SyntheticPosting]
    vectors = unit_vectors(1000, 384, seed=1)      # float32, rows of norm 1
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from embeddings.text import posting_text, text_hash

# field code -> (name_zh, Chinese vocabulary, English vocabulary); each vocabulary has
# subjects, processes, properties and applications.
FIELDS: dict[str, tuple[str, dict[str, list[str]], dict[str, list[str]]]] = {
    "new_energy_battery": ("新能源电池", {
        "subject": ["锂离子电池", "磷酸铁锂正极", "三元正极材料", "硅碳负极", "固态电解质", "钠离子电池", "电池隔膜",
                    "动力电池包", "储能电池", "锂金属负极", "电解液添加剂", "电池管理系统"],
        "process": ["高温固相合成", "喷雾干燥造粒", "包覆改性", "干法电极", "叠片工艺", "化成分容", "湿法涂布",
                    "梯次利用", "湿法回收", "预锂化"],
        "property": ["循环寿命", "能量密度", "倍率性能", "首次效率", "低温放电", "热稳定性", "安全性", "内阻"],
        "application": ["电动汽车", "储能电站", "两轮车", "电动工具", "通信基站备电", "户用储能", "电动船舶"],
    }, {
        "subject": ["lithium-ion cell", "LFP cathode", "NCM cathode", "silicon anode", "solid electrolyte",
                    "sodium-ion battery", "separator film", "battery pack", "battery management system",
                    "electrolyte additive"],
        "process": ["solid-state synthesis", "dry electrode coating", "carbon coating", "cell stacking", "formation",
                    "hydrometallurgical recycling", "prelithiation", "spray drying"],
        "property": ["cycle life", "energy density", "rate capability", "low-temperature discharge",
                     "thermal stability", "internal resistance", "safety"],
        "application": ["electric vehicles", "grid storage", "e-bikes", "power tools", "telecom backup power",
                        "home storage"],
    }),
    "biomedicine": ("生物医药", {
        "subject": ["单克隆抗体", "小分子抑制剂", "mRNA疫苗", "细胞治疗", "体外诊断试剂", "中药提取物", "多肽药物",
                    "基因编辑", "缓释微球", "生物类似药", "靶向递送系统", "重组蛋白"],
        "process": ["细胞培养", "纯化工艺", "冻干制剂", "脂质纳米粒包封", "高通量筛选", "发酵", "化学合成路线优化",
                    "一致性评价", "质量控制"],
        "property": ["生物利用度", "纯度", "稳定性", "特异性", "灵敏度", "收率", "毒副作用", "半衰期"],
        "application": ["肿瘤治疗", "慢性病管理", "传染病预防", "罕见病", "伴随诊断", "医疗器械", "兽用疫苗"],
    }, {
        "subject": ["monoclonal antibody", "small-molecule inhibitor", "mRNA vaccine", "cell therapy",
                    "diagnostic reagent", "peptide drug", "gene editing", "sustained-release microsphere",
                    "biosimilar", "recombinant protein"],
        "process": ["cell culture", "downstream purification", "lyophilisation", "lipid nanoparticle encapsulation",
                    "high-throughput screening", "fermentation", "route optimisation"],
        "property": ["bioavailability", "purity", "stability", "specificity", "sensitivity", "yield", "half-life"],
        "application": ["oncology", "chronic disease", "infectious disease prevention", "rare diseases",
                        "companion diagnostics", "veterinary vaccines"],
    }),
    "advanced_equipment": ("高端装备", {
        "subject": ["数控机床", "工业机器人", "减速器", "伺服电机", "激光切割设备", "增材制造装备", "精密轴承",
                    "液压系统", "智能产线", "焊接机器人", "无人机", "矿山装备"],
        "process": ["五轴联动加工", "精密装配", "在线检测", "数字孪生", "远程运维", "热处理", "轨迹规划", "故障诊断"],
        "property": ["定位精度", "重复精度", "可靠性", "加工效率", "负载能力", "能耗", "噪声", "寿命"],
        "application": ["航空航天", "汽车制造", "煤矿开采", "轨道交通", "船舶制造", "模具加工", "物流仓储"],
    }, {
        "subject": ["CNC machine tool", "industrial robot", "harmonic reducer", "servo motor", "laser cutter",
                    "additive manufacturing system", "precision bearing", "hydraulic system", "welding robot",
                    "mining equipment"],
        "process": ["five-axis machining", "precision assembly", "inline inspection", "digital twin",
                    "predictive maintenance", "heat treatment", "trajectory planning", "fault diagnosis"],
        "property": ["positioning accuracy", "repeatability", "reliability", "throughput", "payload", "energy use"],
        "application": ["aerospace", "automotive manufacturing", "coal mining", "rail transit", "shipbuilding",
                        "warehouse logistics"],
    }),
    "electronic_information": ("电子信息", {
        "subject": ["工业互联网平台", "边缘计算网关", "大模型", "知识图谱", "区块链溯源系统", "芯片设计", "5G模组",
                    "机器视觉", "数据中台", "网络安全", "智能客服", "物联网终端"],
        "process": ["深度学习", "联邦学习", "图像识别", "自然语言处理", "低代码开发", "云边协同", "数据治理",
                    "模型压缩", "实时流处理"],
        "property": ["识别准确率", "响应时间", "并发能力", "功耗", "可扩展性", "安全等级", "部署成本"],
        "application": ["智慧城市", "智能制造", "政务服务", "金融风控", "智慧医疗", "智慧农业", "能源调度"],
    }, {
        "subject": ["industrial IoT platform", "edge gateway", "large language model", "knowledge graph",
                    "blockchain traceability", "chip design", "5G module", "machine vision", "data platform",
                    "cybersecurity", "IoT terminal"],
        "process": ["deep learning", "federated learning", "image recognition", "natural language processing",
                    "low-code development", "edge-cloud collaboration", "data governance", "model compression"],
        "property": ["accuracy", "latency", "concurrency", "power consumption", "scalability", "deployment cost"],
        "application": ["smart cities", "smart manufacturing", "e-government", "financial risk control",
                        "digital health", "energy dispatch"],
    }),
    "new_materials": ("新材料", {
        "subject": ["碳纤维复合材料", "石墨烯", "高性能陶瓷", "特种工程塑料", "气凝胶", "稀土永磁材料", "光伏银浆",
                    "高温合金", "可降解塑料", "电子级多晶硅", "碳化硅衬底", "纳米涂层"],
        "process": ["化学气相沉积", "溶胶凝胶", "热压烧结", "熔融纺丝", "表面改性", "原位聚合", "粉末冶金", "3D打印"],
        "property": ["拉伸强度", "导热系数", "耐腐蚀性", "耐高温", "韧性", "导电性", "透光率", "密度"],
        "application": ["风电叶片", "新能源汽车", "建筑节能", "半导体", "光伏组件", "航空结构件", "包装"],
    }, {
        "subject": ["carbon fibre composite", "graphene", "advanced ceramics", "engineering plastic", "aerogel",
                    "rare-earth magnet", "superalloy", "biodegradable plastic", "silicon carbide substrate",
                    "nano coating"],
        "process": ["chemical vapour deposition", "sol-gel", "hot-press sintering", "melt spinning",
                    "surface modification", "in-situ polymerisation", "powder metallurgy"],
        "property": ["tensile strength", "thermal conductivity", "corrosion resistance", "heat resistance",
                     "toughness", "electrical conductivity", "density"],
        "application": ["wind turbine blades", "new-energy vehicles", "building insulation", "semiconductors",
                        "solar modules", "aircraft structures"],
    }),
    "modern_agriculture": ("现代农业", {
        "subject": ["设施大棚", "水肥一体化系统", "杂交谷子", "小米新品种", "生物有机肥", "植保无人机", "智能灌溉",
                    "土壤改良剂", "种苗组培", "畜禽养殖环境控制", "病虫害绿色防控", "旱作农业"],
        "process": ["分子育种", "测土配方施肥", "精准灌溉", "秸秆还田", "组织培养", "遥感监测", "生物防治"],
        "property": ["亩产", "节水率", "抗旱性", "抗病性", "品质", "出苗率", "化肥减量"],
        "application": ["黄土高原", "盐碱地", "丘陵山区", "设施农业", "规模化养殖场", "家庭农场", "合作社"],
    }, {
        "subject": ["greenhouse", "fertigation system", "hybrid millet", "crop variety", "bio-organic fertiliser",
                    "crop-spraying drone", "smart irrigation", "soil conditioner", "tissue-cultured seedlings",
                    "livestock housing climate control"],
        "process": ["molecular breeding", "soil-test fertilisation", "precision irrigation", "straw incorporation",
                    "remote sensing", "biological control"],
        "property": ["yield per hectare", "water saving", "drought tolerance", "disease resistance", "quality",
                     "germination rate"],
        "application": ["loess plateau", "saline soils", "hilly regions", "protected agriculture", "large farms",
                        "cooperatives"],
    }),
    "green_food": ("绿色食品", {
        "subject": ["杂粮食品", "功能性饮料", "益生菌", "老陈醋", "沙棘果汁", "低GI主食", "植物蛋白", "黄花菜",
                    "预制菜", "膳食纤维", "红枣制品", "核桃油"],
        "process": ["低温萃取", "超高压杀菌", "冷冻干燥", "微胶囊包埋", "酶解", "固态发酵", "膜分离", "挤压膨化"],
        "property": ["营养保留率", "保质期", "口感", "风味", "活菌数", "农残检测", "出品率"],
        "application": ["休闲食品", "保健食品", "餐饮连锁", "婴幼儿辅食", "特医食品", "电商渠道"],
    }, {
        "subject": ["whole-grain food", "functional beverage", "probiotic", "aged vinegar", "sea-buckthorn juice",
                    "low-GI staple", "plant protein", "ready meal", "dietary fibre", "walnut oil"],
        "process": ["low-temperature extraction", "high-pressure processing", "freeze drying", "microencapsulation",
                    "enzymatic hydrolysis", "solid-state fermentation", "membrane separation", "extrusion"],
        "property": ["nutrient retention", "shelf life", "texture", "flavour", "viable count", "pesticide residue"],
        "application": ["snack foods", "health foods", "restaurant chains", "infant food", "medical foods",
                        "e-commerce"],
    }),
    "magnesium_alloy": ("镁合金精深加工", {
        "subject": ["镁合金压铸件", "镁合金型材", "镁锂合金", "高强耐热镁合金", "镁合金轮毂", "镁基储氢材料",
                    "镁合金板材", "原镁冶炼", "镁合金牺牲阳极", "可降解镁合金支架"],
        "process": ["半固态成形", "等温挤压", "高真空压铸", "微弧氧化", "搅拌摩擦焊", "皮江法炼镁", "轧制", "熔体净化"],
        "property": ["比强度", "耐蚀性", "减重效果", "延伸率", "阻燃性", "成形性", "能耗"],
        "application": ["汽车轻量化", "3C产品外壳", "轨道车辆", "医疗植入物", "航空座椅", "电动自行车"],
    }, {
        "subject": ["magnesium die casting", "magnesium extrusion", "Mg-Li alloy", "heat-resistant magnesium alloy",
                    "magnesium wheel", "magnesium hydrogen storage", "magnesium sheet", "biodegradable magnesium stent"],
        "process": ["semi-solid forming", "isothermal extrusion", "high-vacuum die casting", "micro-arc oxidation",
                    "friction stir welding", "Pidgeon process", "rolling", "melt purification"],
        "property": ["specific strength", "corrosion resistance", "weight saving", "elongation", "formability"],
        "application": ["vehicle lightweighting", "consumer electronics housings", "rail vehicles",
                        "medical implants", "aircraft seats"],
    }),
    "smart_sensors": ("智能传感器", {
        "subject": ["MEMS压力传感器", "气体传感器", "光纤传感器", "红外热像仪", "激光雷达", "柔性传感器",
                    "振动监测终端", "温湿度传感器", "毫米波雷达", "生物传感器", "电流传感器", "惯性测量单元"],
        "process": ["晶圆级封装", "温度补偿", "信号调理", "多传感器融合", "标定算法", "低功耗设计", "无线组网"],
        "property": ["测量精度", "灵敏度", "漂移", "响应时间", "量程", "功耗", "防护等级"],
        "application": ["煤矿安全监测", "工业设备状态监测", "环境监测", "可穿戴设备", "自动驾驶", "桥梁健康监测"],
    }, {
        "subject": ["MEMS pressure sensor", "gas sensor", "fibre-optic sensor", "thermal camera", "lidar",
                    "flexible sensor", "vibration monitor", "humidity sensor", "millimetre-wave radar", "biosensor",
                    "inertial measurement unit"],
        "process": ["wafer-level packaging", "temperature compensation", "signal conditioning", "sensor fusion",
                    "calibration", "low-power design", "wireless mesh networking"],
        "property": ["measurement accuracy", "sensitivity", "drift", "response time", "range", "ingress protection"],
        "application": ["mine safety monitoring", "condition monitoring", "environmental monitoring", "wearables",
                        "autonomous driving", "bridge health monitoring"],
    }),
    "energy_saving": ("节能环保", {
        "subject": ["工业余热回收", "焦化废水处理", "脱硫脱硝", "固废资源化", "煤矸石综合利用", "光伏发电", "氢能",
                    "热泵", "VOCs治理", "粉煤灰", "碳捕集", "污泥干化"],
        "process": ["膜生物反应器", "催化氧化", "低温等离子", "高温熔融", "吸附浓缩", "厌氧发酵", "压力能回收"],
        "property": ["去除率", "节能率", "排放浓度", "运行成本", "综合利用率", "碳减排量", "投资回收期"],
        "application": ["焦化厂", "火电厂", "钢铁企业", "化工园区", "市政污水厂", "水泥窑", "煤矿"],
    }, {
        "subject": ["waste-heat recovery", "coking wastewater treatment", "flue-gas desulphurisation",
                    "solid-waste recycling", "coal gangue utilisation", "photovoltaics", "hydrogen", "heat pump",
                    "VOC abatement", "carbon capture"],
        "process": ["membrane bioreactor", "catalytic oxidation", "non-thermal plasma", "adsorption",
                    "anaerobic digestion", "pressure energy recovery"],
        "property": ["removal efficiency", "energy saving", "emission level", "operating cost", "payback period",
                     "carbon reduction"],
        "application": ["coking plants", "power plants", "steel mills", "chemical parks", "municipal wastewater",
                        "cement kilns"],
    }),
}

ZH_OFFER_TITLE = ["{adj}{subject}{process}技术", "一种{subject}的{process}方法", "{subject}{process}及其在{application}中的应用",
                  "面向{application}的{adj}{subject}", "{subject}关键技术与产业化"]
ZH_NEED_TITLE = ["寻求{subject}{process}技术", "{application}用{subject}技术需求", "征集{adj}{subject}解决方案",
                 "{subject}{property}提升技术攻关"]
ZH_SENTENCES = [
    "本成果针对{application}中{subject}{property}不足的问题，开发了{adj}{process}工艺。",
    "通过{process}与{process2}相结合，{property}提升{pct}%以上，{property2}明显改善。",
    "项目已完成{stage}，拥有发明专利{n}项，可提供技术许可、技术转让或合作开发。",
    "该技术适用于{application}、{application2}等领域，具有{property}高、{property2}好、成本低等优点。",
    "团队在{subject}方向积累{years}年，已与{n}家企业开展合作，产品通过第三方检测。",
    "关键指标：{property}达到行业领先水平，{property2}优于国家标准。",
    "我们希望与{application}领域企业合作，共同推进{subject}的中试放大与产业化。",
    "现有{subject}存在{property}低、{property2}差的问题，需要通过{process}加以解决。",
    "预计投资{money}万元，建设周期{years}年，达产后年产值约{money2}万元。",
]
EN_OFFER_TITLE = ["{Adj} {subject} by {process}", "{Process} for {subject} in {application}",
                  "{Subject} with improved {property}", "{Adj} {subject} for {application}"]
EN_NEED_TITLE = ["Seeking {process} for {subject}", "{Subject} supplier for {application}",
                 "Improving {property} of {subject}", "Partner wanted: {adj} {subject}"]
EN_SENTENCES = [
    "Our team developed {adj} {subject} using {process}, improving {property} by {pct}%.",
    "The technology suits {application} and {application2}, with better {property} and lower cost.",
    "Status: {stage}; {n} patents granted; licensing or joint development possible.",
    "Combining {process} with {process2} keeps {property2} stable over long operation.",
    "We look for partners in {application} to scale up {subject} production.",
    "Current {subject} suffers from poor {property}; we need {process} to fix it.",
    "Key figures: {property} above industry average, {property2} within national standards.",
]
ZH_ADJ = ["高效", "低成本", "绿色", "智能", "高性能", "长寿命", "新型", "轻量化", "高可靠", "低能耗"]
EN_ADJ = ["efficient", "low-cost", "green", "smart", "high-performance", "long-life", "novel", "lightweight",
          "reliable", "low-energy"]
ZH_STAGES = ["实验室验证", "小试", "中试", "小批量生产", "工业化应用"]
EN_STAGES = ["lab validation", "small trial", "pilot", "small-batch production", "industrial use"]
REGIONS = ["山西省", "北京市", "陕西省", "河南省", "江苏省", "广东省", "内蒙古自治区", "河北省", "山东省", "上海市"]


@dataclass
class SyntheticPosting:
    id: int
    kind: str  # "offer" or "need"
    lang: str  # "zh" or "en"
    field: str  # field code
    title: str
    description: str
    keywords: list[str]
    facts: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The matchable text, as the application builds it."""
        return posting_text(self.title, self.description, FIELDS[self.field][0], self.keywords)

    @property
    def hash(self) -> str:
        return text_hash(self.text)


def _slots(rng: random.Random, vocab: dict[str, list[str]], adjectives: list[str], stages: list[str]) -> dict:
    def two(key: str) -> tuple[str, str]:
        a, b = rng.sample(vocab[key], 2)
        return a, b

    subject = rng.choice(vocab["subject"])
    process, process2 = two("process")
    prop, prop2 = two("property")
    app, app2 = two("application")
    adj = rng.choice(adjectives)
    return {
        "subject": subject, "Subject": subject[:1].upper() + subject[1:], "process": process,
        "Process": process[:1].upper() + process[1:], "process2": process2, "property": prop, "property2": prop2,
        "application": app, "application2": app2, "adj": adj, "Adj": adj[:1].upper() + adj[1:],
        "stage": rng.choice(stages), "pct": rng.randint(5, 60), "n": rng.randint(1, 12), "years": rng.randint(2, 15),
        "money": rng.randint(50, 2000), "money2": rng.randint(1000, 50000),
    }


def posting(rng: random.Random, doc_id: int, kind: str = "offer", zh_share: float = 0.7) -> SyntheticPosting:
    """One posting whose matchable text is 150–400 characters long."""
    code = rng.choice(list(FIELDS))
    zh = rng.random() < zh_share
    _, zh_vocab, en_vocab = FIELDS[code]
    vocab = zh_vocab if zh else en_vocab
    adjectives, stages = (ZH_ADJ, ZH_STAGES) if zh else (EN_ADJ, EN_STAGES)
    titles = (ZH_OFFER_TITLE if kind == "offer" else ZH_NEED_TITLE) if zh else \
        (EN_OFFER_TITLE if kind == "offer" else EN_NEED_TITLE)
    sentences = ZH_SENTENCES if zh else EN_SENTENCES
    slots = _slots(rng, vocab, adjectives, stages)
    title = rng.choice(titles).format(**slots)
    keywords = list(dict.fromkeys([slots["subject"], slots["process"], rng.choice(vocab["application"])]))
    target = rng.randint(150, 400)
    doc = SyntheticPosting(doc_id, kind, "zh" if zh else "en", code, title, "", keywords)
    parts: list[str] = []
    order = rng.sample(sentences, len(sentences))
    sep = "" if zh else " "
    for template in order * 3:
        sentence = template.format(**_slots(rng, vocab, adjectives, stages) | {"subject": slots["subject"]})
        doc.description = sep.join(parts + [sentence])
        over = len(doc.text) - 400
        if over > 0:  # too long: drop the sentence, or cut it when the text would otherwise be too short
            shorter = doc.description[: len(doc.description) - over]
            doc.description = sep.join(parts)
            if len(doc.text) < 150:
                doc.description = shorter
            break
        parts.append(sentence)
        if len(doc.text) >= target:
            break
    doc.facts = _facts(rng, kind, code)
    return doc


def _facts(rng: random.Random, kind: str, code: str) -> dict:
    facts = {"status": "published", "organisation_id": rng.randint(1, 500), "field": code,
             "region": rng.choice(REGIONS)}
    if kind == "offer":
        facts["maturity"] = rng.randint(1, 5)
        facts["price"] = float(rng.randint(30, 800))
    else:
        facts["maturity_required"] = rng.choice([None, 1, 2, 3, 4])
        facts["budget_max"] = rng.choice([None, float(rng.randint(50, 1000))])
    return facts


def postings(n: int, seed: int = 0, kind: str = "offer", zh_share: float = 0.7, start_id: int = 1,
             lang: str | None = None) -> list[SyntheticPosting]:
    """n postings with ids start_id…; lang='zh' or 'en' forces one language."""
    return list(iter_postings(n, seed, kind, zh_share, start_id, lang))


def iter_postings(n: int, seed: int = 0, kind: str = "offer", zh_share: float = 0.7, start_id: int = 1,
                  lang: str | None = None) -> Iterator[SyntheticPosting]:
    """The postings of `postings`, one at a time (a million do not fit in memory at once comfortably)."""
    rng = random.Random(seed)
    share = {"zh": 1.0, "en": 0.0}.get(lang, zh_share)
    for i in range(n):
        yield posting(rng, start_id + i, kind, share)


def unit_vectors(n: int, dim: int = 384, seed: int = 0, clusters: int = 0, chunk: int = 20_000) -> np.ndarray:
    """n random float32 rows of norm 1; with clusters > 0, rows scatter around that many random centres.

    The centres depend only on (clusters, dim), so vectors drawn with different seeds share them.
    """
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    centres = np.random.default_rng(clusters).standard_normal((clusters, dim)).astype(np.float32) if clusters else None
    for start in range(0, n, chunk):
        block = rng.standard_normal((min(chunk, n - start), dim)).astype(np.float32)
        if centres is not None:
            block = 0.6 * block + centres[rng.integers(0, clusters, len(block))]
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:start + len(block)] = block
    return out
