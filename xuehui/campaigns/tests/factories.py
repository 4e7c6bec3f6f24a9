"""Factories for campaign tests: a small framework of every kind of requirement, and campaigns."""

import datetime as dt

from xuehui.access import SYSTEM
from xuehui.rules.models import Framework
from xuehui.rules.services import framework_load

FACTS_ON = dt.date(2024, 6, 30)


def review_framework_data(
    *, key: str = "review-test", version: int = 1, extra: list | None = None
) -> dict:
    """Six items for a bare society: 1 passes, 2 fails, 3.1 needs evidence, 3.2 needs an expert,
    3.3 needs a rule document, 5 does not apply (pilot only); 4 is the 科协's own work."""
    requirements = [
        {
            "key": "1",
            "title": "分支机构均已备案",
            "clause": "第一条",
            "excerpt": "分支机构应当备案。",
            "obligation": "mandatory",
            "decide": {
                "by": "automatic",
                "fact": "branches.unfiled",
                "check": "none_listed",
                "params": {"label": "未备案的分支机构"},
            },
        },
        {
            "key": "2",
            "title": "每年至少开展一次活动",
            "clause": "第二条",
            "excerpt": "学会每年至少开展一次活动。",
            "obligation": "mandatory",
            "decide": {
                "by": "automatic",
                "fact": "activities.total",
                "check": "count_at_least",
                "params": {"min": 1, "noun": "次"},
            },
        },
        {
            "key": "3",
            "title": "内部治理",
            "clause": "第三条",
            "children": [
                {
                    "key": "3.1",
                    "title": "秘书处独立运行",
                    "clause": "第三条（一）",
                    "excerpt": "秘书处独立运行。",
                    "obligation": "expected",
                    "decide": {"by": "evidence", "evidence": "秘书处设置文件"},
                },
                {
                    "key": "3.2",
                    "title": "秘书长任职条件",
                    "clause": "第三条（二）",
                    "excerpt": "秘书长应具备任职条件。",
                    "obligation": "mandatory",
                    "decide": {"by": "manual"},
                },
                {
                    "key": "3.3",
                    "title": "会议制度",
                    "clause": "第三条（三）",
                    "excerpt": "建立会议制度。",
                    "obligation": "mandatory",
                    "decide": {"by": "document", "kinds": ["会议制度"]},
                },
            ],
        },
        {
            "key": "4",
            "title": "科协加强指导",
            "clause": "第四条",
            "excerpt": "科协加强对学会的指导。",
            "addressee": "federation",
            "decide": {"by": "manual"},
        },
        {
            "key": "5",
            "title": "试点学会配备专职人员",
            "clause": "第五条",
            "excerpt": "试点学会配备专职人员。",
            "obligation": "mandatory",
            "applies": {"pilot": "test-pilot", "label": "试点学会"},
            "decide": {"by": "evidence", "evidence": "聘用合同"},
        },
        *(extra or []),
    ]
    return {
        "key": key,
        "title": "评估测试框架",
        "issuer": "测试科协",
        "document_number": "",
        "source": "001_fe763b36492a114c.txt",
        "jurisdiction_level": "provincial",
        "effective_on": "2017-10-10",
        "version": version,
        "requirements": requirements,
    }


def wide_framework_data(n: int, *, key: str = "wide-test") -> dict:
    """`n` automatic requirements (for the bulk launch): alternately passing and failing."""
    data = review_framework_data(key=key)
    data["requirements"] = [
        {
            "key": str(i + 1),
            "title": f"要求{i + 1}",
            "clause": f"第{i + 1}条",
            "excerpt": "条文。",
            "obligation": "mandatory",
            "decide": {
                "by": "automatic",
                "fact": "activities.total",
                "check": "count_at_least",
                "params": {"min": i % 2, "noun": "次"},
            },
        }
        for i in range(n)
    ]
    return data


def load_version(data: dict | None = None):
    """Load the framework and return its current FrameworkVersion."""
    data = data or review_framework_data()
    framework_load(data=data)
    return Framework.objects.get(key=data["key"]).current_version


def launch(federation, societies, *, versions=None, actor=SYSTEM, **overrides):
    from xuehui.campaigns.services import campaign_launch

    fields = {
        "name": "2024年度学会改革评估",
        "facts_on": FACTS_ON,
        "assessment_year": FACTS_ON.year,  # the year so far (the default would be 2023)
        "plan_deadline": dt.date(2099, 1, 31),
        "self_assessment_deadline": dt.date(2099, 3, 31),
        "review_deadline": dt.date(2099, 5, 31),
        "rectification_deadline": dt.date(2099, 7, 31),
    } | overrides
    return campaign_launch(
        federation=federation,
        versions=versions or [load_version()],
        societies=societies,
        actor=actor,
        **fields,
    )
