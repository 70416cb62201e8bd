"""The one definition of the monitoring's blocks and categories of violations (kz-rules.md §9).

They follow the Adil Soz monitoring practice. The clock names what a request's events reveal
with these categories, and monitoring records and counts violations by them, so both live here,
below the two apps: a category renamed or removed here is renamed or removed everywhere.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Block(models.TextChoices):
    A = "A", _("Violations of the rights of journalists, media and newsmakers")
    B = "B", _("Violations of the right to receive and disseminate information")
    C = "C", _("Claims and charges against journalists, media and citizens")


class Category(models.TextChoices):
    # Block B: what the tracker records from requests.
    SILENCE = "silence", _("No answer by the deadline (deemed refusal)")
    REFUSAL = "refusal", _("Refusal to provide information")
    REFUSAL_CPC_201 = "refusal_cpc_201", _("Refusal citing CPC Art. 201 (pre-trial secrecy)")
    REFUSAL_OFFICIAL_USE = "refusal_official_use", _("Refusal citing “for official use”")
    EVASIVE_ANSWER = "evasive_answer", _("Partial or evasive answer")
    LATE_ANSWER = "late_answer", _("Answer after the deadline")
    EXTENSION_NOT_NOTIFIED = "extension_not_notified", _("Extension without timely notice")
    LATE_FORWARDING = "late_forwarding", _("Late or unlawful forwarding")
    EXTENSION_BEYOND_LIMIT = "extension_beyond_limit", _("Extension beyond the law's limit")
    DENIED_EVENT_ACCESS = "denied_event_access", _("Denial of access to an event or briefing")
    DENIED_ACCREDITATION = "denied_accreditation", _("Denial or revocation of accreditation")
    # Block A.
    OBSTRUCTION = "obstruction", _("Obstruction of a journalist's lawful activity")
    ATTACK = "attack", _("Attack")
    THREAT = "threat", _("Threat")
    DETENTION = "detention", _("Detention or arrest")
    SUMMONS = "summons", _("Summons to law enforcement")
    # Block C.
    CRIMINAL_CHARGE = "criminal_charge", _("Criminal charge")
    ADMINISTRATIVE_CHARGE = "administrative_charge", _("Administrative charge")
    HONOUR_AND_DIGNITY_CLAIM = (
        "honour_and_dignity_claim",
        _("Claim on honour, dignity and reputation"),
    )
    JUDICIAL_ACT = "judicial_act", _("Judicial act")
    OTHER = "other", _("Other")


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


# The block each category belongs to in the Adil Soz reports (kz-rules.md §9); "other" fits any.
BLOCK_OF_CATEGORY: dict[Category, Block] = {
    **dict.fromkeys(
        (
            Category.OBSTRUCTION,
            Category.ATTACK,
            Category.THREAT,
            Category.DETENTION,
            Category.SUMMONS,
        ),
        Block.A,
    ),
    **dict.fromkeys(
        (
            Category.SILENCE,
            Category.REFUSAL,
            Category.REFUSAL_CPC_201,
            Category.REFUSAL_OFFICIAL_USE,
            Category.EVASIVE_ANSWER,
            Category.LATE_ANSWER,
            Category.EXTENSION_NOT_NOTIFIED,
            Category.LATE_FORWARDING,
            Category.EXTENSION_BEYOND_LIMIT,
            Category.DENIED_EVENT_ACCESS,
            Category.DENIED_ACCREDITATION,
        ),
        Block.B,
    ),
    **dict.fromkeys(
        (
            Category.CRIMINAL_CHARGE,
            Category.ADMINISTRATIVE_CHARGE,
            Category.HONOUR_AND_DIGNITY_CLAIM,
            Category.JUDICIAL_ACT,
        ),
        Block.C,
    ),
}
