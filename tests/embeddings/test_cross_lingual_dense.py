"""Acceptance: an English need finds its Chinese offer in the top 3 through the dense channel alone, and back again.

A small built-in set of ten pairs across fields (batteries, welding, water treatment, agriculture, medical devices,
semiconductors, food, robotics, construction materials, AI). Each need was written on its own, in the words of
whoever has the problem, not translated from its offer; a few neighbouring offers (same materials, processes or
buyers, other problems) make the top 3 mean something. Offers are embedded as production embeds them: their claims,
through `embedded_text("offer", ...)`, into a `Collection` ranked with `channel="dense"`.
"""
import pytest

from embeddings.caveats import embedded_text
from embeddings.ranker import Collection, Document, Query
from embeddings.text import posting_text, text_hash

TOP = 3

# Chinese offers (科技成果): title, description, field.
ZH_OFFERS = [
    ("高镍三元正极材料单晶化制备技术",
     "采用熔盐辅助烧结工艺制备单晶高镍三元正极材料，颗粒内部没有晶界，有效抑制充放电过程中的微裂纹。"
     "材料在4.4V高电压下循环1000次容量保持率超过90%，已完成吨级中试。",
     "新能源"),
    ("铝合金搅拌摩擦焊接装备及工艺",
     "针对新能源汽车电池托盘和轨道交通车体的铝合金型材，开发了龙门式搅拌摩擦焊设备。固相连接无需焊丝和保护气体，"
     "焊缝强度达到母材的85%以上，焊后变形小。",
     "智能制造"),
    ("高盐有机废水电催化氧化处理技术",
     "利用掺硼金刚石电极产生羟基自由基，直接降解化工、制药高盐废水中的难降解有机物。COD去除率达到90%以上，"
     "不产生污泥，出水可进入生化系统。",
     "环境保护"),
    ("设施大棚水肥一体化智能灌溉系统",
     "通过土壤墒情传感器和作物生长模型自动决定灌溉时机与施肥配比，手机远程控制滴灌。示范基地节水40%、节肥30%，"
     "番茄增产15%。",
     "现代农业"),
    ("可降解镁合金骨科内固定螺钉",
     "以高纯镁锌钙合金制成骨折内固定螺钉，植入后在12至18个月内逐步降解吸收，患者无需二次手术取出。"
     "表面微弧氧化涂层控制降解速度，已完成动物实验。",
     "生物医药"),
    ("1200V碳化硅MOSFET芯片设计与制造",
     "自主开发1200V碳化硅MOSFET芯片，导通电阻低，开关损耗比硅基IGBT降低70%，适用于新能源汽车电机控制器和光伏逆变器。"
     "提供芯片设计、流片和封装测试全流程服务。",
     "集成电路"),
    ("果蔬汁超高压非热杀菌技术",
     "采用400至600兆帕超高压处理替代热杀菌，在常温下杀灭致病菌，完整保留果蔬汁中的维生素、色泽和新鲜风味。"
     "冷藏保质期延长至45天。",
     "食品加工"),
    ("基于3D视觉的无序分拣工业机器人",
     "结合结构光三维相机与深度学习位姿估计，机器人可从料箱中抓取杂乱堆放的零件，识别准确率99.5%，节拍小于3秒。"
     "可与主流六轴机械臂集成。",
     "智能制造"),
    ("工业固废制备低碳胶凝材料",
     "以钢渣、矿渣和脱硫石膏为原料，经机械力化学活化制备少熟料胶凝材料，可替代50%以上水泥用于预拌混凝土。"
     "每吨降低碳排放约400千克，28天抗压强度满足C30要求。",
     "新材料"),
    ("输电线路缺陷智能识别系统",
     "基于深度学习的图像识别算法，自动分析无人机巡检拍摄的输电线路照片，识别绝缘子破损、销钉缺失、鸟巢等20余类缺陷。"
     "识别准确率超过95%，人工复核工作量减少80%。",
     "人工智能"),
]

# For each offer above, in order, an English need in the words of whoever has the problem: written, not translated.
EN_NEEDS = [
    ("Longer cycle life for nickel-rich EV cathodes",
     "Our EV battery cells lose capacity quickly because the nickel-rich cathode particles crack after a few hundred "
     "cycles at high voltage. We are looking for a cathode powder or synthesis route that keeps the particles intact."),
    ("Low-distortion joining of aluminium battery trays",
     "We build aluminium battery trays for electric cars, and our MIG welds show porosity and heavy distortion. We "
     "want a solid-state joining process for long extrusions that needs no filler wire."),
    ("Pretreatment for saline pharmaceutical effluent",
     "A drug plant discharges salty wastewater full of refractory organics that kill the bacteria in our biological "
     "treatment. We need an advanced oxidation step that cuts COD without dosing chemicals or producing sludge."),
    ("Automated fertigation for greenhouse vegetables",
     "Greenhouse growers want drip irrigation and fertiliser dosing to run automatically from soil moisture sensors, "
     "saving water and labour and raising tomato yields."),
    ("Bioresorbable screws for fracture fixation",
     "An orthopaedic company seeks bone screws that dissolve in the body after the fracture heals, so patients avoid "
     "a second operation to remove titanium hardware."),
    ("Wide-bandgap switches for traction inverters",
     "We design traction inverters for electric vehicles and want to replace silicon IGBTs with 1200 V silicon "
     "carbide power transistors to cut switching losses."),
    ("Non-thermal pasteurisation for cold-pressed juice",
     "Our cold-pressed juice keeps for only five days. We need a way to kill pathogens without heating the juice, so "
     "that the fresh taste and vitamins survive and the shelf life gets longer."),
    ("Robotic bin picking of jumbled parts",
     "Workers at our auto parts plant pick randomly piled metal parts out of bins by hand. We want a robot cell with "
     "3D vision that locates and grasps the parts and loads them into machine tools."),
    ("Lower-carbon binder for ready-mix concrete",
     "A ready-mix concrete producer wants to cut the carbon footprint of its concrete by replacing part of the "
     "Portland cement with activated industrial by-products such as steel slag, without losing strength."),
    ("Automatic defect detection in power line inspection photos",
     "Our utility collects tens of thousands of drone photos of transmission lines each month, and inspectors check "
     "them by eye. We need software that finds broken insulators, missing pins and other defects automatically."),
]

# Chinese offers close to some of the above (same materials, processes or buyers) that solve other problems.
ZH_NEIGHBOURS = [
    ("退役动力电池湿法回收技术",
     "采用湿法冶金工艺从退役三元锂电池中回收镍、钴、锰和锂，金属回收率超过98%，产品可直接用于前驱体生产。",
     "新能源"),
    ("厚板激光-电弧复合焊接技术",
     "将光纤激光与熔化极电弧复合，一次焊透20毫米船用钢板，焊接速度提高3倍，适用于造船和钢结构。",
     "智能制造"),
    ("反渗透海水淡化成套装备",
     "采用高脱盐率反渗透膜和能量回收装置，吨水电耗低于3千瓦时，适用于海岛和沿海工业园区供水。",
     "环境保护"),
    ("钛合金骨科植入物3D打印",
     "利用电子束熔融成形多孔钛合金椎间融合器和髋臼杯，孔隙结构利于骨长入，已取得医疗器械注册证。",
     "生物医药"),
]

# English offers on the same ten subjects, each written as its own offer.
EN_OFFERS = [
    ("Single-crystal nickel-rich cathode material",
     "Molten-salt sintering produces monocrystalline NCM cathode particles without grain boundaries, which resist "
     "micro-cracking. Pouch cells retain over 90% capacity after 1,000 cycles at 4.4 V; pilot line at tonne scale.",
     "new energy"),
    ("Friction stir welding systems for aluminium extrusions",
     "Gantry friction stir welders join aluminium profiles for battery trays and rail car bodies in the solid state, "
     "with no filler wire or shielding gas. Joint strength exceeds 85% of the base metal and distortion is minimal.",
     "manufacturing"),
    ("Electrochemical oxidation of saline organic wastewater",
     "Boron-doped diamond electrodes generate hydroxyl radicals that mineralise refractory organics in high-salinity "
     "chemical and pharmaceutical effluent. COD removal above 90%, no sludge, and the effluent can go on to "
     "biological treatment.",
     "environment"),
    ("Smart fertigation controller for greenhouses",
     "Soil moisture sensors and a crop growth model decide when to irrigate and how much fertiliser to dose, with "
     "remote control of drip lines from a phone. Demonstration farms saved 40% water and raised tomato yields 15%.",
     "agriculture"),
    ("Biodegradable magnesium alloy orthopaedic screws",
     "Screws made of high-purity Mg-Zn-Ca alloy fix fractures and are resorbed within 12 to 18 months, so no removal "
     "surgery is needed. A micro-arc oxidation coating controls the degradation rate; animal studies are complete.",
     "biomedicine"),
    ("1200 V silicon carbide MOSFETs",
     "In-house designed SiC MOSFET dies with low on-resistance cut switching losses by 70% compared with silicon "
     "IGBTs, for EV motor controllers and solar inverters. Design, wafer fabrication, packaging and testing offered.",
     "integrated circuits"),
    ("High-pressure processing of fruit and vegetable juices",
     "Treatment at 400 to 600 MPa replaces heat pasteurisation and kills pathogens at room temperature, keeping "
     "vitamins, colour and fresh flavour. Chilled shelf life rises to 45 days.",
     "food processing"),
    ("3D vision bin-picking robot",
     "A structured-light 3D camera and deep-learning pose estimation let a robot grasp randomly piled parts from "
     "bins with 99.5% recognition accuracy and under 3 s cycle time. Integrates with common six-axis arms.",
     "manufacturing"),
    ("Low-carbon binder from industrial solid waste",
     "Steel slag, blast furnace slag and desulfurisation gypsum are mechanochemically activated into a low-clinker "
     "binder that replaces over 50% of cement in ready-mix concrete, saving about 400 kg CO2 per tonne while meeting "
     "C30 strength at 28 days.",
     "new materials"),
    ("AI defect recognition for transmission line inspection",
     "Deep-learning image recognition analyses drone inspection photos of power lines and flags more than 20 defect "
     "types, including damaged insulators, missing cotter pins and bird nests, with over 95% accuracy.",
     "artificial intelligence"),
]

# For each English offer, in order, a Chinese need in a buyer's words.
ZH_NEEDS = [
    ("动力电池正极材料循环衰减快",
     "我们生产的高镍电池在高电压下循环几百次后容量明显下降，拆解发现正极颗粒开裂。希望引进能提高正极结构稳定性、"
     "延长电池寿命的材料或工艺。"),
    ("电池托盘铝型材焊接变形大",
     "公司为电动汽车生产铝合金电池托盘，现在用熔化极气体保护焊，焊缝气孔多、变形严重，需要一种变形小、"
     "不用焊丝的焊接方法。"),
    ("制药废水难降解有机物预处理",
     "我厂制药废水含盐量高，有机物难以生化降解，导致生化池运行不稳定。需要一种不加药剂、"
     "不产生污泥的高级氧化预处理技术，降低COD。"),
    ("蔬菜大棚灌溉施肥全靠人工",
     "合作社的几百个蔬菜大棚浇水施肥全凭经验，用工多、浪费大。想根据土壤湿度自动控制滴灌和施肥，节约用水和人工，"
     "提高番茄产量。"),
    ("骨折内固定物需二次手术取出",
     "医院骨科目前使用钛合金螺钉，骨折愈合后患者还要再做一次手术取出。希望合作开发能在体内逐渐吸收、"
     "愈合期间强度足够的螺钉。"),
    ("电驱逆变器需要更高效的功率器件",
     "我们设计新能源汽车电机控制器，目前用硅基IGBT，开关损耗大、发热严重。希望采购或联合开发1200V宽禁带功率芯片，"
     "提高逆变器效率。"),
    ("鲜榨果汁保质期太短",
     "我们的鲜榨果汁只能保存五天，加热杀菌又会破坏口感和营养。需要一种不加热的杀菌方法，既保证食品安全，"
     "又保留新鲜风味，延长货架期。"),
    ("料箱零件上料仍靠人工",
     "汽车零部件车间工人要从料箱里把杂乱堆放的金属件一个个拿出来放到机床上，劳动强度大。"
     "希望引入带三维视觉的机器人自动抓取上料。"),
    ("降低混凝土碳排放",
     "我们是商品混凝土企业，需要降低产品碳足迹。希望用钢渣等工业副产品替代部分硅酸盐水泥，同时保证混凝土强度不下降。"),
    ("无人机巡检照片人工判读效率低",
     "供电公司每月无人机巡检拍摄数万张输电线路照片，全靠人工逐张查看。需要能自动发现绝缘子损坏、"
     "销钉缺失等缺陷的软件。"),
]

# English offers close to some of the above that solve other problems.
EN_NEIGHBOURS = [
    ("Hydrometallurgical recycling of end-of-life EV batteries",
     "Leaching and solvent extraction recover nickel, cobalt, manganese and lithium from spent NCM cells at over 98% "
     "yield.",
     "new energy"),
    ("Hybrid laser-arc welding of thick steel plate",
     "A fibre laser combined with a MAG arc welds 20 mm ship plate in one pass at three times the speed of submerged "
     "arc welding.",
     "manufacturing"),
    ("Reverse osmosis seawater desalination plants",
     "High-rejection membranes and energy recovery bring power use below 3 kWh per cubic metre of fresh water.",
     "environment"),
    ("3D-printed porous titanium spinal implants",
     "Electron beam melting builds porous titanium interbody cages that encourage bone ingrowth; registered as a "
     "medical device.",
     "biomedicine"),
]


def offer_collection(encoder, lexicon, offers) -> Collection:
    texts = [posting_text(title, description, field) for title, description, field in offers]
    collection = Collection("offer", encoder.dim, lexicon)
    collection.build([Document(i, text, text_hash(text), {"field": offers[i][2]}) for i, text in enumerate(texts)],
                     encoder.encode([embedded_text("offer", text) for text in texts]))
    return collection


def dense_top(encoder, collection: Collection, need: tuple[str, str]) -> list[int]:
    text = posting_text(*need)
    return [m.id for m in collection.rank(Query(text, encoder.encode_query(text)), k=TOP, channel="dense")]


@pytest.fixture(scope="module", params=["multilingual_encoder", "fallback_encoder"])
def encoder(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def chinese_offers(encoder, lexicon) -> Collection:
    return offer_collection(encoder, lexicon, ZH_OFFERS + ZH_NEIGHBOURS)


@pytest.fixture(scope="module")
def english_offers(encoder, lexicon) -> Collection:
    return offer_collection(encoder, lexicon, EN_OFFERS + EN_NEIGHBOURS)


def test_the_built_in_set_pairs_each_of_ten_needs_with_one_offer():
    assert len(ZH_OFFERS) == len(EN_NEEDS) == len(EN_OFFERS) == len(ZH_NEEDS) == 10


@pytest.mark.parametrize("pair", range(len(EN_NEEDS)), ids=[need[0] for need in EN_NEEDS])
def test_an_english_need_finds_its_chinese_offer_in_the_top_3_through_the_dense_channel_alone(
        encoder, chinese_offers, pair):
    assert pair in dense_top(encoder, chinese_offers, EN_NEEDS[pair])


@pytest.mark.parametrize("pair", range(len(ZH_NEEDS)), ids=[need[0] for need in ZH_NEEDS])
def test_a_chinese_need_finds_its_english_offer_in_the_top_3_through_the_dense_channel_alone(
        encoder, english_offers, pair):
    assert pair in dense_top(encoder, english_offers, ZH_NEEDS[pair])
