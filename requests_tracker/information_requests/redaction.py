"""The requester's personal data taken out of a text before it is shown to the public.

What is removed, each replaced by one visible marker:

- the requester's name, unless they chose to show it: the full name in any order ("Иванова Анна
  Сергеевна", "Анна Сергеевна Иванова"), surname and initials ("А. С. Иванова", "Ивановой А.С."),
  the surname alone, and the first name with the patronymic ("Уважаемая Анна Сергеевна"), in the
  case forms Russian text gives them ("Ивановой", "Ивановым", "Анны Сергеевны") and with the
  suffixes Kazakh text adds ("Ивановаға", "Иванованың");
- their email addresses (the profile's and every reply address the tracker issues);
- phone numbers in the Kazakh formats (+7 701 234 56 78, 8 (701) 234-56-78, 87012345678), and
  the requester's own numbers however they are written (701-234-56-78, 234-56-78);
- the postal address given in their letters, and their login where a letter gave it for a name;
- an IIN: any number of exactly 12 digits (the individual identification number's shape), so a
  colleague's or a victim's IIN goes too.

The name is also looked for in Latin letters, as passports (ICAO 9303) and everyday English
write it ("Ivanova A.S.", "Ivanova Anna"). The first name alone is kept: too many people share
it for it to identify the requester.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

# Russian case endings of surnames, first names and patronymics, after the stem ``_stem`` cuts.
_RUSSIAN_ENDINGS = (
    "ого|его|ому|ему|ыми|ими|ой|ей|ою|ею|ым|им|ом|ем|ую|юю|ая|яя|ий|ый|ых|их|ам|ям|ах|ях"
    "|а|я|у|ю|ы|и|е"
    "|oi|oy|ym|im|om|a|u|e|y"  # the same, in Latin letters
)
# Kazakh case suffixes, written straight after a name: genitive, dative, accusative, locative,
# ablative, instrumental (Иванова + ға, Иванова + ның, Ким + мен).
_KAZAKH_SUFFIXES = (
    "ның|нің|дың|дің|тың|тің|нда|нде|дан|ден|тан|тен|нан|нен|мен|бен|пен"
    "|ға|ге|қа|ке|на|не|ны|ні|ды|ді|ты|ті|да|де|та|те|сы|сі|а|е|н|ы|і"
)
# Names that do not change in Russian: Kazakh patronymics "-ұлы" (son of), "-қызы" (daughter of).
_INDECLINABLE = ("ұлы", "улы", "қызы", "кызы", "uly", "kyzy")

_SPACE = r"[ \t\u00a0]"
_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
# Ten digits after +7 or 8, grouped as written: +7 701 234 56 78, 8 (701) 234-56-78,
# 8 (7172) 71-23-45, 87012345678; or eleven starting with 7: 77012345678.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+" + _SPACE + r"*7|8)(?:[\s\-\u00a0()]{0,3}\d){10}(?!\d)"
    r"|(?<![\d+])7\d{10}(?!\d)"
)
_EMAIL_CHARACTERS = r"[\w.+\-]"


# Cyrillic (Russian and Kazakh letters) to Latin: ICAO 9303, as Kazakh passports write names,
# and the common English spelling where it differs.
_ICAO = dict(
    zip("абвгдезийклмнопрстуфыэәғқңөұүһі", "abvgdeziiklmnoprstufyeagknouuhi", strict=True)
) | {"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie"}
_ICAO |= {"ь": "", "ю": "iu", "я": "ia"}
_COMMON = _ICAO | {"й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ъ": ""}


def _latin(word: str, table: dict[str, str]) -> str:
    letters = []
    for letter in word:
        latin = table.get(letter.lower(), letter)
        letters.append(latin.capitalize() if letter.isupper() else latin)
    return "".join(letters)


def _stem(word: str) -> str:
    """The part of a name that Russian declension keeps: Иванова -> Иванов, Анна -> Анн."""
    lower = word.lower()
    if lower.endswith(_INDECLINABLE):
        return word
    if lower.endswith(("ский", "цкий", "ская", "цкая", "ской", "цкой")):
        return word[:-2]
    if lower.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return word[:-1]
    if lower.endswith(("а", "я", "й", "ь", "a")) and len(word) > 2:
        return word[:-1]
    return word


def _name_pattern(word: str) -> str:
    """A name in any of its Russian case forms and with a Kazakh suffix; its capital as written.

    The first letter is matched as written so that a surname that is also a word ("Ли", "Бас")
    is taken out only where it is written as a name.
    """
    stem = _stem(word)
    first, rest = re.escape(stem[:1]), re.escape(stem[1:])
    return (
        rf"(?<!\w){first}(?i:{rest}(?:{_RUSSIAN_ENDINGS})?(?:{_KAZAKH_SUFFIXES})?)(?!\w)"
        if stem
        else r"(?!)"
    )


@dataclass(frozen=True)
class PersonName:
    """A person's name as Russian and Kazakh documents write it: surname, first name, patronymic."""

    surname: str
    given: str = ""
    patronymic: str = ""

    @classmethod
    def of(cls, *, first_name: str, last_name: str) -> "PersonName | None":
        """From a profile's first and last name; the first name may carry the patronymic.

        With no last name, a three-word first name is read in the official order ("Иванова Анна
        Сергеевна") and a two-word one as "Анна Иванова".
        """
        first_words, last_words = first_name.split(), last_name.split()
        if last_words:
            given, *patronymic = first_words or [""]
            return cls(surname=" ".join(last_words), given=given, patronymic=" ".join(patronymic))
        if len(first_words) >= 3:
            return cls(surname=first_words[0], given=first_words[1], patronymic=first_words[2])
        if len(first_words) == 2:
            return cls(surname=first_words[1], given=first_words[0])
        return None


@dataclass(frozen=True)
class PersonalData:
    """What identifies the requester, as far as the tracker knows it."""

    name: PersonName | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # the requester's own numbers, as written anywhere
    addresses: tuple[str, ...] = ()
    # Other words that stand for the requester, as written: their login, which letters give
    # instead of a name the profile does not have.
    aliases: tuple[str, ...] = ()
    show_name: bool = False  # the requester chose to show their name on the public page
    patterns: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", tuple(_patterns(self)))

    def names(self) -> list[PersonName]:
        """The name as written, and in Latin letters both ways it is spelled."""
        if self.name is None:
            return []
        spellings = [self.name]
        for table in (_ICAO, _COMMON):
            latin = PersonName(
                surname=_latin(self.name.surname, table),
                given=_latin(self.name.given, table),
                patronymic=_latin(self.name.patronymic, table),
            )
            if latin not in spellings:
                spellings.append(latin)
        return spellings


def phones_in(text: str) -> list[str]:
    """The phone numbers written in a text, as written."""
    return [match.group(0) for match in _PHONE.finditer(text)]


def _email_patterns(emails: Iterable[str]) -> list[re.Pattern[str]]:
    known = sorted({email.strip() for email in emails if email.strip()}, key=len, reverse=True)
    prefix, domain = re.escape(settings.REPLY_PREFIX), re.escape(settings.REPLY_DOMAIN)
    reply = rf"{prefix}\+\d+-[0-9a-z]+@{domain}"  # any request's reply address
    alternatives = [reply, *(re.escape(email) for email in known)]
    return [
        re.compile(
            rf"(?<!{_EMAIL_CHARACTERS})(?:{'|'.join(alternatives)})(?![\w\-])", re.IGNORECASE
        )
    ]


def _own_phone_patterns(phones: Iterable[str]) -> list[re.Pattern[str]]:
    """Each known number by its last ten digits, with any separators, with or without +7 or 8,
    and its last seven digits alone (a local number: 234-56-78)."""
    separator = r"[\s\-().\u00a0]*"
    found = []
    for phone in phones:
        digits = re.sub(r"\D", "", phone)[-10:]
        if len(digits) < 10:
            continue
        full = separator.join(digits)
        local = separator.join(digits[3:])
        found.append(
            re.compile(
                rf"(?<![\d+])(?:(?:\+{separator}7|8){separator})?{full}(?!\d)|(?<![\d+]){local}(?!\d)"
            )
        )
    return found


def _address_patterns(addresses: Iterable[str]) -> list[re.Pattern[str]]:
    """The whole address with any spacing and commas, and each line of a multi-line one."""
    parts: set[str] = set()
    for address in addresses:
        if address.strip():
            parts.add(address)
            parts.update(line for line in address.splitlines() if len(line.strip()) >= 10)
    found = []
    for part in sorted(parts, key=len, reverse=True):
        words = [word for word in re.split(r"[\s,]+", part.strip()) if word]
        found.append(re.compile(r"[\s,]+".join(map(re.escape, words)), re.IGNORECASE))
    return found


def _name_run(name: PersonName) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A run of the name's parts and initials, and the pattern of its surname alone."""
    surname = _name_pattern(name.surname)
    parts = [surname]
    if name.given:
        parts.append(_name_pattern(name.given))
        initials = re.escape(name.given[0]) + r"\."
        if name.patronymic:
            parts.append(_name_pattern(name.patronymic))
            initials += rf"(?:{_SPACE}*{re.escape(name.patronymic[0])}\.)?"
        parts.append(rf"(?<!\w){initials}")
    component = "|".join(f"(?:{part})" for part in parts)
    run = rf"(?:{component})(?:(?:{_SPACE}+|(?<=\.){_SPACE}*)(?:{component}))*"
    return re.compile(run), re.compile(surname)


def _patterns(personal: PersonalData) -> list[re.Pattern[str]]:
    return [
        *_email_patterns(personal.emails),
        _IIN,
        *_own_phone_patterns(personal.phones),
        _PHONE,
        *_address_patterns(personal.addresses),
        *(
            re.compile(rf"(?<![\w@.]){re.escape(alias)}(?![\w@])")
            for alias in personal.aliases
            if len(alias) >= 3
        ),
    ]


def redact(text: str, personal: PersonalData, *, marker: str) -> str:
    """``text`` with the requester's personal data replaced by ``marker``, each occurrence once."""
    for pattern in personal.patterns:
        text = pattern.sub(marker, text)
    if not personal.show_name:
        for name in personal.names():
            text = _redact_name(text, name, marker=marker)
    return text


def _redact_name(text: str, name: PersonName, *, marker: str) -> str:
    run, surname = _name_run(name)
    given_and_patronymic = (
        [re.compile(_name_pattern(name.given)), re.compile(_name_pattern(name.patronymic))]
        if name.given and name.patronymic
        else []
    )

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        names_the_requester = surname.search(found) is not None or (
            bool(given_and_patronymic)
            and all(pattern.search(found) for pattern in given_and_patronymic)
        )
        return marker if names_the_requester else found

    return run.sub(replace, text)


def has_personal_data(text: str, personal: PersonalData) -> bool:
    """True when ``redact`` would change something in ``text``."""
    marker = "\x00"  # never in a stored text
    return redact(text, personal, marker=marker) != text
