"""Real database faults for the mail tests: a trigger makes the server refuse a write."""

from django.db import connection


def fail_updates_of_incoming_email() -> None:
    """A real database error in the middle of filing: the server refuses to update the message."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION tests_refuse_update() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION 'could not write block: disk full'; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER tests_refuse_update BEFORE UPDATE ON mail_incomingemail"
                " FOR EACH ROW EXECUTE FUNCTION tests_refuse_update()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER tests_refuse_update BEFORE UPDATE ON mail_incomingemail"
                " BEGIN SELECT RAISE(ABORT, 'could not write block: disk full'); END"
            )


def stop_failing_updates_of_incoming_email() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER tests_refuse_update ON mail_incomingemail"
            if connection.vendor == "postgresql"
            else "DROP TRIGGER tests_refuse_update"
        )
