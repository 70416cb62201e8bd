"""Path converters for parts of an address that are a calendar year or month.

Django's ``int`` converter takes any number of digits; a year the calendar cannot hold (10000,
or 0) would reach ``date()`` and fail there. These match only what a date can be, so anything
else is a 404 from the resolver.
"""


class YearConverter:
    regex = "[1-9][0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class MonthConverter:
    regex = "0?[1-9]|1[0-2]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:02d}"
