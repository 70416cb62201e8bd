from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("information_requests", "0010_dashboard_order"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="informationrequest",
            index=models.Index(
                models.F("organization"),
                models.Case(
                    models.When(status="overdue", legal_due_date__isnull=False, then=models.Value(0)),
                    models.When(status="overdue", then=models.Value(1)),
                    models.When(legal_due_date__isnull=False, then=models.Value(2)),
                    default=models.Value(3),
                    output_field=models.IntegerField(),
                ),
                models.F("legal_due_date"),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(visibility__in=("organization", "public")),
                name="dashboard_shared_order",
            ),
        ),
    ]
