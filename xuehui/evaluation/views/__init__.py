"""学会考评 pages: the 科协's indicator systems by year (`schemes`), the year's evaluation and
the experts' scoring (`year`), one society's result, the star register and a society's history
(`results`). Objects come through the access layer."""

from .results import (
    certificate,
    notice,
    objection_answer,
    objection_new,
    result_detail,
    result_override,
    score_adjust,
    society_history,
    stars,
)
from .schemes import (
    index,
    scheme_copy,
    scheme_detail,
    scheme_edit,
    scheme_import,
    scheme_new,
    scheme_weights,
    scheme_xlsx,
    scheme_yaml,
)
from .year import (
    evaluation_compute,
    evaluation_confirm,
    evaluation_detail,
    evaluation_open,
    publicity_start,
    score,
    star_apply,
)

__all__ = [
    "certificate",
    "evaluation_compute",
    "evaluation_confirm",
    "evaluation_detail",
    "evaluation_open",
    "index",
    "notice",
    "objection_answer",
    "objection_new",
    "publicity_start",
    "result_detail",
    "result_override",
    "scheme_copy",
    "scheme_detail",
    "scheme_edit",
    "scheme_import",
    "scheme_new",
    "scheme_weights",
    "scheme_xlsx",
    "scheme_yaml",
    "score",
    "score_adjust",
    "society_history",
    "star_apply",
    "stars",
]
