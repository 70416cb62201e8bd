from django.urls import path

from requests_tracker.collective.views import appeals, registrations

urlpatterns = [
    path("", appeals.appeal_list, name="collective-appeals"),
    path("new/", appeals.appeal_new, name="collective-appeal-new"),
    path("<int:pk>/", appeals.appeal_detail, name="collective-appeal-detail"),
    path("<int:pk>/cosigners/", appeals.cosigner_add, name="collective-cosigner-add"),
    path(
        "<int:pk>/cosigners/<int:cosigner_id>/confirm/",
        appeals.cosigner_confirm,
        name="collective-cosigner-confirm",
    ),
    path("<int:pk>/addressees/", appeals.addressees_add, name="collective-addressees-add"),
    path("<int:pk>/schedule/", appeals.appeal_schedule, name="collective-appeal-schedule"),
    path("<int:pk>/cancel/", appeals.appeal_cancel, name="collective-appeal-cancel"),
    path("<int:pk>/remind-silent/", appeals.appeal_remind_silent, name="collective-remind-silent"),
    path("<int:pk>/complain/", appeals.appeal_complain, name="collective-complain"),
    path(
        "<int:pk>/registrations/",
        registrations.registrations_record,
        name="collective-registrations",
    ),
    path(
        "<int:pk>/registrations/upload/",
        registrations.registrations_upload,
        name="collective-registrations-upload",
    ),
]
