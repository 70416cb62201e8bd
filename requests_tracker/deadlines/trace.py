"""Wording for due-date traces and periods in Russian, Kazakh and English.

Pure: the trace steps of ``compute`` are data, and this module words them; an unknown language
falls back to Russian. Dates read dd.mm.yyyy, as in Kazakh official letters.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from requests_tracker.deadlines.compute import TraceStep, calendar_caveats
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent, Unit

FALLBACK_LANGUAGE = "ru"

START_EVENT_NAMES: dict[str, dict[StartEvent, str]] = {
    "ru": {
        StartEvent.REGISTRATION: "регистрация",
        StartEvent.RECEIPT: "поступление",
        StartEvent.LEARNED_OF_ACT: "день, когда лицу стало известно об акте",
        StartEvent.EXTENSION_DECISION: "решение о продлении срока",
        StartEvent.ORIGINAL_DUE_DATE: "окончание первоначального срока",
        StartEvent.COMPLAINT_RECEIPT: "поступление жалобы",
        StartEvent.COMPLAINT_DECISION: "получение решения по жалобе",
        StartEvent.EXPIRY: "истечение срока",
    },
    "kk": {
        StartEvent.REGISTRATION: "тіркеу",
        StartEvent.RECEIPT: "түсу",
        StartEvent.LEARNED_OF_ACT: "тұлғаның акт туралы білген күні",
        StartEvent.EXTENSION_DECISION: "мерзімді ұзарту туралы шешім",
        StartEvent.ORIGINAL_DUE_DATE: "бастапқы мерзімнің аяқталуы",
        StartEvent.COMPLAINT_RECEIPT: "шағымның түсуі",
        StartEvent.COMPLAINT_DECISION: "шағым бойынша шешімді алу",
        StartEvent.EXPIRY: "мерзімнің өтуі",
    },
    "en": {
        StartEvent.REGISTRATION: "registration",
        StartEvent.RECEIPT: "receipt",
        StartEvent.LEARNED_OF_ACT: "the day the person learned of the act",
        StartEvent.EXTENSION_DECISION: "the extension decision",
        StartEvent.ORIGINAL_DUE_DATE: "the original due date",
        StartEvent.COMPLAINT_RECEIPT: "receipt of the complaint",
        StartEvent.COMPLAINT_DECISION: "receipt of the complaint decision",
        StartEvent.EXPIRY: "expiry of the time limit",
    },
}

# "From <event>": Russian «со дня ...» (genitive); Kazakh "... күннен" (ablative), which the
# templates follow with "бастап" ("starting from").
_FROM_EVENT: dict[str, dict[StartEvent, str]] = {
    "ru": {
        StartEvent.REGISTRATION: "со дня регистрации",
        StartEvent.RECEIPT: "со дня поступления",
        StartEvent.LEARNED_OF_ACT: "со дня, когда лицу стало известно об акте",
        StartEvent.EXTENSION_DECISION: "со дня принятия решения о продлении срока",
        StartEvent.ORIGINAL_DUE_DATE: "со дня окончания первоначального срока",
        StartEvent.COMPLAINT_RECEIPT: "со дня поступления жалобы",
        StartEvent.COMPLAINT_DECISION: "со дня получения решения по жалобе",
        StartEvent.EXPIRY: "со дня истечения срока",
    },
    "kk": {
        StartEvent.REGISTRATION: "тіркелген күннен",
        StartEvent.RECEIPT: "түскен күннен",
        StartEvent.LEARNED_OF_ACT: "тұлға акт туралы білген күннен",
        StartEvent.EXTENSION_DECISION: "мерзімді ұзарту туралы шешім қабылданған күннен",
        StartEvent.ORIGINAL_DUE_DATE: "бастапқы мерзім аяқталған күннен",
        StartEvent.COMPLAINT_RECEIPT: "шағым түскен күннен",
        StartEvent.COMPLAINT_DECISION: "шағым бойынша шешім алынған күннен",
        StartEvent.EXPIRY: "мерзім өткен күннен",
    },
    "en": {event: f"from {name}" for event, name in START_EVENT_NAMES["en"].items()},
}

UNIT_NAMES: dict[str, dict[Unit, str]] = {
    "ru": {
        Unit.CALENDAR_DAYS: "календарные дни",
        Unit.WORKING_DAYS: "рабочие дни",
        Unit.MONTHS: "месяцы",
    },
    "kk": {
        Unit.CALENDAR_DAYS: "күнтізбелік күндер",
        Unit.WORKING_DAYS: "жұмыс күндері",
        Unit.MONTHS: "айлар",
    },
    "en": {
        Unit.CALENDAR_DAYS: "calendar days",
        Unit.WORKING_DAYS: "working days",
        Unit.MONTHS: "months",
    },
}

# Russian nouns after a numeral: (1, 21, 31...), (2-4, 22-24...), (5-20, 25-30...).
_RU_UNIT_FORMS: dict[Unit, tuple[str, str, str]] = {
    Unit.CALENDAR_DAYS: ("календарный день", "календарных дня", "календарных дней"),
    Unit.WORKING_DAYS: ("рабочий день", "рабочих дня", "рабочих дней"),
    Unit.MONTHS: ("месяц", "месяца", "месяцев"),
}
# A Kazakh noun after a numeral stays singular: "15 күнтізбелік күн", "5 жұмыс күні", "3 ай".
_KK_UNIT_FORMS: dict[Unit, str] = {
    Unit.CALENDAR_DAYS: "күнтізбелік күн",
    Unit.WORKING_DAYS: "жұмыс күні",
    Unit.MONTHS: "ай",
}
_EN_UNIT_FORMS: dict[Unit, tuple[str, str]] = {
    Unit.CALENDAR_DAYS: ("calendar day", "calendar days"),
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.MONTHS: ("month", "months"),
}

_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "kk": ("дүйсенбі", "сейсенбі", "сәрсенбі", "бейсенбі", "жұма", "сенбі", "жексенбі"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

# One template per step code; {amount_unit}, {from_event}, {reason} and {skipped_note} are
# worded here, dates arrive as dd.mm.yyyy.
_TEMPLATES: dict[str, dict[str, str]] = {
    "ru": {
        "start": "Начало срока: {event}, {date}",
        "start_at": "Начало срока: {event}, {date} в {time} (время {time_zone})",
        "registered_next_working_day": (
            "Поступило {received}, в нерабочий день ({reason}): "
            "зарегистрировано в следующий рабочий день, {registered}"
        ),
        "count_from_next": "Срок исчисляется со следующего дня, {date}",
        "count_from_same": "Срок исчисляется с того же дня, {date}",
        "calendar_days": "{amount_unit} {from_event} ({start}): последний день — {end}",
        "working_days": (
            "{amount_unit} {from_event} ({start}): последний день — {end}{skipped_note}"
        ),
        "months": "{amount_unit} {from_event} ({start}): последний день — {end}",
        "clamped_to_month_end": (
            "В последнем месяце нет соответствующего числа ({day}), поэтому срок оканчивается "
            "в последний день месяца, {date}"
        ),
        "rolled_forward": (
            "Последний день, {date}, — нерабочий ({reason}): срок переносится "
            "на следующий рабочий день, {to}"
        ),
        "paused": (
            "{on}: орган запросил уточнение, срок приостановлен; осталось {remaining} "
            "(в единицах срока)"
        ),
        "resumed": "{on}: уточнение дано, срок продолжает течь",
        "extended": "Срок продлён органом до предела по правилу {rule}",
        "extended_to": "Срок продлён органом до {date} (в пределах правила {rule})",
        "extension_beyond_times": (
            "{on}: новое продление сверх допустимого правилом {rule} (не более {times} раз): "
            "не учитывается, срок не меняется"
        ),
        "extension_beyond_cap": (
            "Орган продлил срок до {date}, сверх предела правила {rule}: срок оканчивается "
            "в пределе, {to}"
        ),
        "extension_without_rule": (
            "Орган сообщил о продлении, но правило не предусматривает продления"
        ),
        "due": "Последний день срока: {date}, до 23:59 (время {time_zone})",
        "calendar_year_unconfirmed": (
            "Календарь на {year} год не подтверждён: постановление Правительства о переносе "
            "выходных дней на {year} год не загружено, поэтому срок может измениться"
        ),
        "holiday_estimated": (
            "Праздник {date} — дата ориентировочная (по лунному календарю), поэтому срок "
            "может измениться"
        ),
    },
    "kk": {
        "start": "Мерзімнің басталуы: {event}, {date}",
        "start_at": "Мерзімнің басталуы: {event}, {date}, сағат {time} ({time_zone} уақыты)",
        "registered_next_working_day": (
            "{received} жұмыс емес күні ({reason}) түсті: келесі жұмыс күні, {registered} тіркелді"
        ),
        "count_from_next": "Мерзім келесі күннен, {date} бастап есептеледі",
        "count_from_same": "Мерзім сол күннен, {date} бастап есептеледі",
        "calendar_days": "{from_event} ({start}) бастап {amount_unit}: соңғы күн — {end}",
        "working_days": (
            "{from_event} ({start}) бастап {amount_unit}: соңғы күн — {end}{skipped_note}"
        ),
        "months": "{from_event} ({start}) бастап {amount_unit}: соңғы күн — {end}",
        "clamped_to_month_end": (
            "Соңғы айда сәйкес күн ({day}) жоқ, сондықтан мерзім айдың соңғы күні, {date} аяқталады"
        ),
        "rolled_forward": (
            "Соңғы күн, {date}, жұмыс күні емес ({reason}): мерзім келесі жұмыс күніне, "
            "{to} ауыстырылады"
        ),
        "paused": (
            "{on}: орган нақтылау сұрады, мерзім тоқтатылды; қалғаны {remaining} "
            "(мерзім бірлігімен)"
        ),
        "resumed": "{on}: нақтылау берілді, мерзім жалғасады",
        "extended": "Мерзімді орган {rule} ережесінің шегіне дейін ұзартты",
        "extended_to": "Мерзімді орган {date} дейін ұзартты ({rule} ережесінің шегінде)",
        "extension_beyond_times": (
            "{on}: {rule} ережесі рұқсат еткеннен (ең көбі {times} рет) тыс жаңа ұзарту: "
            "есепке алынбайды, мерзім өзгермейді"
        ),
        "extension_beyond_cap": (
            "Орган мерзімді {date} дейін ұзартты, бұл {rule} ережесінің шегінен асады: "
            "мерзім шекте, {to} аяқталады"
        ),
        "extension_without_rule": (
            "Орган ұзарту туралы хабарлады, бірақ ереже ұзартуды көздемейді"
        ),
        "due": "Мерзімнің соңғы күні: {date}, сағат 23:59-ға дейін ({time_zone} уақыты)",
        "calendar_year_unconfirmed": (
            "{year} жылғы күнтізбе расталмаған: {year} жылы демалыс күндерін ауыстыру туралы "
            "Үкімет қаулысы жүктелмеген, сондықтан мерзім өзгеруі мүмкін"
        ),
        "holiday_estimated": (
            "{date} күнгі мерекенің күні болжамды (ай күнтізбесі бойынша), сондықтан мерзім "
            "өзгеруі мүмкін"
        ),
    },
    "en": {
        "start": "Start: {event}, {date}",
        "start_at": "Start: {event}, {date} at {time} ({time_zone} time)",
        "registered_next_working_day": (
            "Received on {received}, a non-working day ({reason}): registered on the next "
            "working day, {registered}"
        ),
        "count_from_next": "Counting starts the next day, {date}",
        "count_from_same": "Counting starts on the same day, {date}",
        "calendar_days": "{amount_unit} {from_event} on {start}: the last day is {end}",
        "working_days": (
            "{amount_unit} {from_event} on {start}: the last day is {end}{skipped_note}"
        ),
        "months": "{amount_unit} {from_event} on {start}: the last day is {end}",
        "clamped_to_month_end": (
            "The final month has no day {day}, so the period ends on its last day, {date}"
        ),
        "rolled_forward": (
            "The last day, {date}, is not a working day ({reason}): moved to the next working "
            "day, {to}"
        ),
        "paused": "{on}: the body asked for a clarification; the clock stops with {remaining} left",
        "resumed": "{on}: the clarification was given; the clock runs on",
        "extended": "Extended by the body, as far as rule {rule} allows",
        "extended_to": "Extended by the body to {date} (within rule {rule})",
        "extension_beyond_times": (
            "{on}: a further extension, beyond the {times} that rule {rule} allows: not "
            "counted, the deadline stays"
        ),
        "extension_beyond_cap": (
            "Extended by the body to {date}, beyond the limit of rule {rule}: the deadline is "
            "the limit, {to}"
        ),
        "extension_without_rule": "The body announced an extension, but the rule provides for none",
        "due": "Due date: {date}, until 23:59 ({time_zone} time)",
        "calendar_year_unconfirmed": (
            "The calendar for {year} is not confirmed: no Government decree transferring days "
            "off in {year} is loaded, so this deadline may change"
        ),
        "holiday_estimated": (
            "The date of the holiday on {date} is estimated (lunar calendar), so this deadline "
            "may change"
        ),
    },
}

_SKIPPED_NOTES: dict[str, Callable[[int], str]] = {
    "ru": lambda skipped: f" (пропущено нерабочих дней: {skipped})",
    "kk": lambda skipped: f" (есепке алынбаған жұмыс емес күндер: {skipped})",
    "en": lambda skipped: f" ({skipped} non-working day{'' if skipped == 1 else 's'} not counted)",
}

# A time zone as a reader names it, in the form each wording needs: Russian "время Астаны"
# (genitive), Kazakh "Астана уақыты", English "Astana time". Since 1 March 2024 all of Kazakhstan
# keeps Astana time (UTC+5), which the tz database files under Asia/Almaty.
_TIME_ZONE_NAMES: dict[str, dict[str, str]] = {
    "ru": {"Asia/Almaty": "Астаны", "Europe/Moscow": "Москвы"},
    "kk": {"Asia/Almaty": "Астана", "Europe/Moscow": "Мәскеу"},
    "en": {"Asia/Almaty": "Astana", "Europe/Moscow": "Moscow"},
}

_DATE_PARAMS = frozenset({"date", "received", "registered", "start", "end", "to", "on"})


def _language(language: str) -> str:
    code = language[:2].lower()
    return code if code in _TEMPLATES else FALLBACK_LANGUAGE


def _format_date(iso: str) -> str:
    return f"{date.fromisoformat(iso):%d.%m.%Y}"


def amount_with_unit(amount: int, unit: Unit, language: str) -> str:
    """'15 calendar days', '15 календарных дней', '15 күнтізбелік күн'."""
    language = _language(language)
    if language == "kk":
        return f"{amount} {_KK_UNIT_FORMS[unit]}"
    if language == "en":
        singular, plural = _EN_UNIT_FORMS[unit]
        return f"{amount} {singular if amount == 1 else plural}"
    one, few, many = _RU_UNIT_FORMS[unit]
    if amount % 10 == 1 and amount % 100 != 11:
        return f"{amount} {one}"
    if 2 <= amount % 10 <= 4 and not 12 <= amount % 100 <= 14:
        return f"{amount} {few}"
    return f"{amount} {many}"


def start_event_name(start_event: StartEvent, language: str) -> str:
    return START_EVENT_NAMES[_language(language)][start_event]


def unit_name(unit: Unit, language: str) -> str:
    return UNIT_NAMES[_language(language)][unit]


def describe_period(period: ResponsePeriod, start_event: StartEvent, language: str) -> str:
    """'15 calendar days from registration' in the given language."""
    language = _language(language)
    amount_unit = amount_with_unit(period.amount, period.unit, language)
    from_event = _FROM_EVENT[language][start_event]
    if language == "kk":
        return f"{from_event} бастап {amount_unit}"
    return f"{amount_unit} {from_event}"


def _reason(params: Mapping[str, str], language: str) -> str:
    if params.get("kind") == "weekend":
        return _WEEKDAYS[language][date.fromisoformat(params["date_off"]).weekday()]
    return params["reason"]


def time_zone_name(key: str, language: str) -> str:
    """'Астаны' for Asia/Almaty in Russian; a zone without a name here keeps its key."""
    return _TIME_ZONE_NAMES[_language(language)].get(key, key)


_TIME_ZONE_LABELS: dict[str, str] = {
    "ru": "время {name}",
    "kk": "{name} уақыты",
    "en": "{name} time",
}


def time_zone_label(key: str, language: str) -> str:
    """'время Астаны', 'Астана уақыты', 'Astana time' for Asia/Almaty."""
    language = _language(language)
    return _TIME_ZONE_LABELS[language].format(name=time_zone_name(key, language))


def render_step(step: TraceStep, language: str) -> str:
    language = _language(language)
    templates = _TEMPLATES[language]
    raw = dict(step.params)
    values = {
        name: _format_date(value) if name in _DATE_PARAMS else value for name, value in raw.items()
    }
    if "time_zone" in raw:
        values["time_zone"] = time_zone_name(raw["time_zone"], language)
    key = step.code
    if step.code == "start":
        values["event"] = start_event_name(StartEvent(raw["event"]), language)
        key = "start_at" if "time" in raw else "start"
    elif step.code == "count_from":
        key = f"count_from_{raw['day']}"
    elif step.code in {"calendar_days", "working_days", "months"}:
        unit = Unit(step.code)
        values["amount_unit"] = amount_with_unit(int(raw["amount"]), unit, language)
        values["from_event"] = _FROM_EVENT[language][StartEvent(raw["event"])]
        skipped = int(raw.get("skipped", "0"))
        values["skipped_note"] = _SKIPPED_NOTES[language](skipped) if skipped else ""
    elif step.code == "registered_next_working_day":
        values["reason"] = _reason({**raw, "date_off": raw["received"]}, language)
    elif step.code == "rolled_forward":
        values["reason"] = _reason({**raw, "date_off": raw["date"]}, language)
    return templates[key].format(**values)


def render_trace(trace: Sequence[TraceStep], language: str) -> list[str]:
    """Each step of a due-date computation as a sentence in ``language`` (ru, kk, en).

    A caveat that several parts of the count repeat (a pause, then the rest) is worded once."""
    seen: set[TraceStep] = set()
    lines = []
    for step in trace:
        if step.is_caveat:
            if step in seen:
                continue
            seen.add(step)
        lines.append(render_step(step, language))
    return lines


def render_caveats(trace: Sequence[TraceStep], language: str) -> list[str]:
    """Why the calendar behind the count is not confirmed, one sentence each; empty if it is."""
    return [render_step(step, language) for step in calendar_caveats(trace)]
