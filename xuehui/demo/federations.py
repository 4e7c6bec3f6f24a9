"""Step 科协: the Hubei provincial 科协 and two municipal 科协 below it, keyed by code."""

from dataclasses import dataclass

from xuehui.societies.choices import FederationLevel
from xuehui.societies.models import Federation
from xuehui.societies.services import federation_create

from .context import DemoContext


@dataclass(frozen=True)
class FederationSpec:
    code: str
    name: str
    level: str
    parent: str | None
    region: str  # 行政区划代码, the 3rd–8th characters of its societies' codes


FEDERATIONS = (
    FederationSpec("hubei", "湖北省科学技术协会", FederationLevel.PROVINCIAL, None, "420000"),
    FederationSpec("wuhan", "武汉市科学技术协会", FederationLevel.MUNICIPAL, "hubei", "420100"),
    FederationSpec("yichang", "宜昌市科学技术协会", FederationLevel.MUNICIPAL, "hubei", "420500"),
)
FEDERATION_REGIONS = {spec.code: spec.region for spec in FEDERATIONS}


def load_federations(ctx: DemoContext) -> str:
    created = 0
    for spec in FEDERATIONS:
        federation = (
            Federation.objects.filter(code=spec.code).first()
            or Federation.objects.filter(name=spec.name).first()
        )
        if federation is None:
            federation = federation_create(
                name=spec.name,
                code=spec.code,
                level=spec.level,
                parent=ctx.federations[spec.parent] if spec.parent else None,
                actor=ctx.actor,
            )
            created += 1
        ctx.federations[spec.code] = federation
    return f"新增 {created} 个，共 {len(FEDERATIONS)} 个"
