"""The user guide's pages: one per role, with pictures of the real pages taken from the demo
by `scripts/guide_screenshots.py` (run it again after a page changes), and one per import."""

from dataclasses import dataclass

from xuehui.accounts.choices import Role


@dataclass(frozen=True)
class Shot:
    """A picture of one page as one demo account sees it."""

    name: str  # the file under guide/static/guide/<name>.png
    username: str  # the demo account that takes it
    path: str  # the page, as a path with the demo's ids resolved by the script
    caption: str


@dataclass(frozen=True)
class RolePage:
    slug: str
    role: Role
    title: str
    shots: tuple[Shot, ...]


ADMIN, LEADER, SECRETARY, EXPERT = "kx_admin", "kx_leader", "hj_secretary", "zj_expert"

ROLE_PAGES = (
    RolePage(
        "federation-admin",
        Role.FEDERATION_ADMIN,
        "科协管理员（学会部）",
        (
            Shot(
                "admin-home",
                ADMIN,
                "/",
                "工作台：待办（方案待审核、意见分歧、逾期、届满未换届）与评估检查进展",
            ),
            Shot(
                "admin-campaign",
                ADMIN,
                "campaign",
                "一项评估检查工作：各学会进度、图表、导出 Excel",
            ),
            Shot(
                "admin-overview",
                ADMIN,
                "/rules/overview/",
                "合规总览：按科协、学科、试点项目筛选，按达标率着色",
            ),
            Shot(
                "admin-pilot-candidates",
                ADMIN,
                "candidates",
                "试点工作：按试点标准为候选学会排序，征求学会意见，说明理由后确定试点学会",
            ),
        ),
    ),
    RolePage(
        "secretary",
        Role.SOCIETY_EDITOR,
        "学会填报员（学会秘书处）",
        (
            Shot(
                "secretary-home",
                SECRETARY,
                "/",
                "工作台：本学会的待办（待自评、待提交方案、需整改、资料待完善）",
            ),
            Shot(
                "secretary-entry",
                SECRETARY,
                "entry",
                "自评页面：逐项自评并上传佐证材料，完成后提交",
            ),
            Shot(
                "secretary-pilot",
                SECRETARY,
                "pilot",
                "试点工作：实施方案、科协的指导意见与落实情况、成效评估、总结报告和检查验收",
            ),
        ),
    ),
    RolePage(
        "expert",
        Role.EXPERT,
        "评审专家",
        (
            Shot("expert-home", EXPERT, "/", "工作台：待评审的学会和项数，按截止日期排列"),
            Shot(
                "expert-review", EXPERT, "review", "评审页面：逐项给出意见（通过、需整改、不通过）"
            ),
        ),
    ),
    RolePage(
        "leader",
        Role.FEDERATION_VIEWER,
        "科协领导",
        (Shot("leader-home", LEADER, "/", "工作台：各项评估检查的进展、通过率和学会分布"),),
    ),
)

BY_SLUG = {page.slug: page for page in ROLE_PAGES}
SHOTS = tuple(shot for page in ROLE_PAGES for shot in page.shots)
