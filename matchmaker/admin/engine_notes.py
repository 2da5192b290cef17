"""What the admin overview says about the match engine, in sentences: the loader's and the re-embed's exception
texts go to the log (where they already are), never to the page."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from embeddings.encoder import Encoder
from matchmaker.templating import enumeration


def _cause(why: str) -> str:
    """A short reason in the reader's language for a loader failure recorded as "ExceptionType: message"."""
    kind = why.split(":", 1)[0].strip()
    if kind in ("ModuleNotFoundError", "ImportError"):
        return _("缺少所需的软件包")
    if kind in ("FileNotFoundError", "OSError", "EnvironmentError", "IsADirectoryError", "NotADirectoryError"):
        return _("本机没有该模型的文件")
    if kind in ("MemoryError",):
        return _("内存不足")
    return _("加载时出错")


def fallback_note(encoder: Encoder) -> str | None:
    """Why the configured model is not the one in use, as one sentence; None when it is."""
    if not encoder.is_fallback:
        return None
    skipped = encoder.skipped
    configured, why = skipped[0]
    others = [name for name, _why in skipped[1:]]
    if others:
        return _("配置的模型 %(model)s 无法离线加载（%(cause)s），后备模型 %(others)s 也无法加载，当前使用 %(current)s。",
                 model=configured, cause=_cause(why), others=enumeration().join(others), current=encoder.model_id)
    return _("配置的模型 %(model)s 无法离线加载（%(cause)s），当前使用 %(current)s。",
             model=configured, cause=_cause(why), current=encoder.model_id)


def _build_error_note(build: dict | None) -> str | None:
    """A failed re-embed, as one sentence; the exception itself is in the log."""
    if not build or not build.get("error"):
        return None
    return _("上次重新嵌入到 %(model)s 未完成，匹配仍使用原来的模型。详细原因已记入服务器日志，可以重新开始。",
             model=build["model_id"])


def _index_status(engine, kind: str) -> str:
    """How the kind's index was opened in this process, in the reader's language."""
    state = engine.status.get(kind)
    if state is None:
        return _("尚未加载，首次匹配时加载")
    if state.startswith("loaded"):
        return _("已从磁盘载入")
    if state.startswith("rebuilt"):
        return _("已由已存的向量重建")
    return _("已载入")


@dataclass(frozen=True)
class EngineNotes:
    """The sentences of the overview's engine card."""

    fallback: str | None
    indexes: dict[str, str]
    build_error: str | None


def notes(engine, overview: dict) -> EngineNotes:
    """What the admin overview says about the engine and its latest re-embed (switch.overview)."""
    return EngineNotes(fallback=fallback_note(engine.encoder),
                       indexes={kind: _index_status(engine, kind) for kind in ("offer", "need")},
                       build_error=_build_error_note(overview.get("build")))
