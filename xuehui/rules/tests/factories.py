"""Factories for the rules app's tests: framework data built in code, loaded frameworks."""

import copy

from xuehui.rules.services import LIBRARY_DIR, framework_load, read_framework_file


def library_data(key: str) -> dict:
    """The data of one framework of the library, as loaded (a fresh copy each time)."""
    return copy.deepcopy(read_framework_file(LIBRARY_DIR / f"{key}.yaml"))


def load_library_framework(key: str):
    framework_load(data=library_data(key))
    from xuehui.rules.models import Framework

    return Framework.objects.get(key=key)


def tiny_framework(**overrides) -> dict:
    """A two-requirement framework for tests of the loader and the engine."""
    data = {
        "key": "tiny",
        "title": "测试框架",
        "issuer": "测试科协",
        "document_number": "",
        "source": "001_fe763b36492a114c.txt",
        "jurisdiction_level": "provincial",
        "effective_on": "2017-10-10",
        "version": 1,
        "requirements": [
            {
                "key": "1",
                "title": "理事会3/4以上为一线",
                "clause": "附件第5项",
                "excerpt": "确保学会理事会成员",
                "obligation": "mandatory",
                "decide": {
                    "by": "automatic",
                    "fact": "council",
                    "check": "ratio_at_least",
                    "params": {"part": "frontline", "ratio": "3/4"},
                },
            },
            {
                "key": "2",
                "title": "会议制度",
                "clause": "附件第6项",
                "excerpt": "建立学会会议制度",
                "obligation": "mandatory",
                "decide": {"by": "document", "kinds": ["会议制度"]},
            },
        ],
    }
    return data | overrides
