"""The codes of the monitoring's blocks, categories and report figures (kz-rules.md §9).

They follow the Adil Soz monitoring practice. The categories themselves are data: the table
``monitoring.ViolationCategory`` holds each one's names (ru/kk/en), its block and the report
figure it feeds, seeded with the NGO's full list, and staff add more without a code change. What
lives here are the codes the code itself needs: the clock and the sweep record their findings
with ``Category`` members (stable strings, the rows' ``code``), and the report computes the
``Figure`` members. A category's code never changes once it is recorded.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Block(models.TextChoices):
    A = "A", _("Violations of the rights of journalists, media and newsmakers")
    B = "B", _("Violations of the right to receive and disseminate information")
    C = "C", _("Claims and charges against journalists, media and citizens")


class Category(models.TextChoices):
    """The codes of the categories that code records or names; the rest are only rows."""

    # Block B: what the tracker records from requests.
    SILENCE = "silence"
    REFUSAL = "refusal"
    REFUSAL_CPC_201 = "refusal_cpc_201"
    REFUSAL_OFFICIAL_USE = "refusal_official_use"
    EVASIVE_ANSWER = "evasive_answer"
    LATE_ANSWER = "late_answer"
    EXTENSION_NOT_NOTIFIED = "extension_not_notified"
    LATE_FORWARDING = "late_forwarding"
    EXTENSION_BEYOND_LIMIT = "extension_beyond_limit"
    DENIED_EVENT_ACCESS = "denied_event_access"
    DENIED_ACCREDITATION = "denied_accreditation"
    # Block A.
    OBSTRUCTION = "obstruction"
    ATTACK = "attack"
    THREAT = "threat"
    DETENTION = "detention"
    SUMMONS = "summons"
    # Block C.
    CRIMINAL_CHARGE = "criminal_charge"
    ADMINISTRATIVE_CHARGE = "administrative_charge"
    HONOUR_AND_DIGNITY_CLAIM = "honour_and_dignity_claim"
    JUDICIAL_ACT = "judicial_act"
    OTHER = "other"


FROM_REQUESTS = (
    Category.SILENCE,
    Category.REFUSAL,
    Category.REFUSAL_CPC_201,
    Category.REFUSAL_OFFICIAL_USE,
    Category.EVASIVE_ANSWER,
    Category.LATE_ANSWER,
    Category.EXTENSION_NOT_NOTIFIED,
    Category.LATE_FORWARDING,
    Category.EXTENSION_BEYOND_LIMIT,
)


class Figure(models.TextChoices):
    """The figures of the monthly report that count violations by their category."""

    NONE = "none", _("No figure of the report")
    # Block A.
    ATTACKS = "attacks", _("Attacks")
    THREATS = "threats", _("Threats")
    DETENTIONS = "detentions", _("Detentions and arrests")
    OBSTRUCTION = "obstruction", _("Obstruction of the lawful activity of journalists and media")
    SUMMONS = "summons", _("Summonses to law-enforcement and supervisory bodies")
    # Block B.
    REFUSALS = "refusals", _("Refusals and violations of deadlines for providing information")
    # Block C.
    CRIMINAL_CHARGES = "criminal_charges", _("Criminal charges")
    ADMINISTRATIVE_CHARGES = "administrative_charges", _("Administrative charges")
    CLAIMS = "claims", _("Letters before action and claims, with the moral damages claimed")
    JUDICIAL_ACTS = "judicial_acts", _("Judicial acts, with the sums the courts collected")


# The block whose figures each one is (the report's sections); NONE fits any block.
BLOCK_OF_FIGURE: dict[Figure, Block] = {
    Figure.ATTACKS: Block.A,
    Figure.THREATS: Block.A,
    Figure.DETENTIONS: Block.A,
    Figure.OBSTRUCTION: Block.A,
    Figure.SUMMONS: Block.A,
    Figure.REFUSALS: Block.B,
    Figure.CRIMINAL_CHARGES: Block.C,
    Figure.ADMINISTRATIVE_CHARGES: Block.C,
    Figure.CLAIMS: Block.C,
    Figure.JUDICIAL_ACTS: Block.C,
}
