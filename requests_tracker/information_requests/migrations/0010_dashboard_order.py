from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def store_legal_due_dates(apps, schema_editor):
    """The due date of each request's legal deadline: its earliest legal one not superseded."""
    InformationRequest = apps.get_model("information_requests", "InformationRequest")
    Deadline = apps.get_model("information_requests", "Deadline")
    legal = (
        Deadline.objects.filter(information_request=OuterRef("pk"), is_legal_deadline=True)
        .exclude(state="superseded")
        .order_by("due_date", "id")
    )
    InformationRequest.objects.update(legal_due_date=Subquery(legal.values("due_date")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("information_requests", "0009_undelivered_letters_and_replies_to_classify"),
    ]

    operations = [
        migrations.AddField(
            model_name="informationrequest",
            name="legal_due_date",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="legal deadline"
            ),
        ),
        migrations.RunPython(store_legal_due_dates, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="informationrequest",
            index=models.Index(
                models.F("requester"),
                models.Case(
                    models.When(status="overdue", legal_due_date__isnull=False, then=models.Value(0)),
                    models.When(status="overdue", then=models.Value(1)),
                    models.When(legal_due_date__isnull=False, then=models.Value(2)),
                    default=models.Value(3),
                    output_field=models.IntegerField(),
                ),
                models.F("legal_due_date"),
                models.OrderBy(models.F("id"), descending=True),
                name="dashboard_order",
            ),
        ),
    ]
