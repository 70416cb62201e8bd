"""The site shell's own page: the home page. Every other page lives in the app that owns it."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"
