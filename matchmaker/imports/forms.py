"""The upload form of a spreadsheet import."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange, Optional


class ImportForm(FlaskForm):
    kind = RadioField(_l("导入内容"), choices=[("offer", _l("科技成果")), ("need", _l("技术需求"))], default="offer",
                      validators=[InputRequired()])
    file = FileField(_l("Excel 文件（.xlsx）"), validators=[FileRequired(message=_l("请选择要上传的文件。"))])
    duplicates = RadioField(_l("疑似重复的行"), default="keep", validators=[InputRequired()], choices=[
        ("keep", _l("照常导入并标记，导入后由我确认或删除")), ("skip", _l("跳过，不导入"))])
    submit_postings = BooleanField(_l("导入后直接提交发布（未认证机构的信息将等待审核）"), default=True)
    # Only for administrators without an organisation of their own: whom the postings belong to.
    organisation_id = IntegerField(_l("机构编号"), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
