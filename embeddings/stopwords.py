"""Words that never explain a match: the stopwords-iso lists for Chinese and English, the filler every posting
uses, and units. Used only for what explanations show; ranking keeps its own, shorter lists (embeddings.tokenize).
"""
from __future__ import annotations

import re

import stopwordsiso

# Words that appear in postings of every field and say nothing about the subject. Reviewed against the shared
# terms of the demo market's top matches; add to it when a filler word shows up in an explanation.
POSTING_FILLER_ZH = frozenset("""
    方式 合作 局部 技术 研发 开发 项目 应用 产品 系统 需求 要求 能力 提供 实现 解决 相关 进行 提高 提升 具有 具备 领域
    行业 国内 国外 国际 先进 领先 成熟 成果 团队 单位 企业 公司 高校 研究 研究院 研究所 实验室 中心 平台 服务 方面 情况
    工作 过程 问题 方法 方案 工艺 材料 设备 装置 结构 性能 质量 效率 成本 效果 水平 目标 内容 阶段 形式 模式 条件 范围
    规模 程度 特点 优势 作用 功能 部分 整体 全部 主要 重要 关键 核心 基础 一体化 综合 新型 高效 低成本 可靠 稳定 安全
    现有 传统 一定 大量 多种 各种 不同 同时 以及 其中 用于 适用 适合 采用 利用 基于 通过 针对 实施 推广 转化 转让 许可
    入股 合作开发 技术转让 技术服务 联合 共同 支持 获得 达到 满足 保证 完成 形成 建立 开展 推进 加快 促进 万元 年度 期间
    左右 以上 以下 以内 之间 约 每年 每月 目前 近年来 未来 希望 寻求 寻找 征集 拟 计划 预计 预算 投入 费用 价格 报价
""".split())
POSTING_FILLER_EN = frozenset("""
    technology technologies technical solution solutions system systems product products project projects method
    methods process processes application applications use used using based high low new novel advanced key main
    provide provides providing develop developed development research cooperation cooperate partner partners demand
    need needs offer offers company enterprise team university institute lab laboratory field industry industrial
    performance quality cost efficiency level good better best large small fig etc via per
""".split())
UNITS = frozenset("""
    mm cm dm km nm um μm kg mg ug kn kw kwh mw mwh gw gwh wh mah ah kv mv hz khz mhz ghz pa kpa mpa gpa db dbm ppm ppb rpm
    ml kl mol wt vol rh lux lm psi bar mbar min hr hrs sec ms ns
""".split())

STOPWORDS = frozenset(stopwordsiso.stopwords("zh")) | stopwordsiso.stopwords("en") | POSTING_FILLER_ZH \
    | POSTING_FILLER_EN | UNITS
_LATIN = re.compile(r"[A-Za-z0-9\-_.]+")


def explains_nothing(word: str) -> bool:
    """Whether a word, as shown, is too short, a stopword, filler, a unit or a number."""
    low = word.strip().lower()
    if len(low) < 2 or low in STOPWORDS:
        return True
    if _LATIN.fullmatch(low):
        return len(low) < 3 or not any(ch.isalpha() for ch in low)  # AZ31 and 5G stay; 98 and mm go
    return False
