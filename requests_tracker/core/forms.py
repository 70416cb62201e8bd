"""Page helpers shared by the apps' views."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Each invalid field as one error message on the next page: "Label: what is wrong"."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(request, f"{label}: {text}" if label else text)
