"""Following: the buttons' posts, the list, following a search, unsubscribing, the feeds."""

from django.urls import path

from requests_tracker.following.views import feeds, follows, unsubscribe

urlpatterns = [
    path("follow/", follows.following, name="following"),
    path("follow/request/<int:pk>/", follows.request_follow, name="follow-request"),
    path("follow/body/<slug:slug>/", follows.body_follow, name="follow-body"),
    path("follow/search/", follows.search_follow, name="follow-search"),
    path(
        "follow/unsubscribe/<str:token>/",
        unsubscribe.unsubscribe_page,
        name="follow-unsubscribe",
    ),
    path("follow/feed/<str:token>.atom", feeds.followed_feed, name="follow-feed"),
    path("bodies/<slug:slug>/feed.atom", feeds.body_feed, name="body-feed"),
    path("public/requests/<int:pk>/feed.atom", feeds.request_feed, name="public-request-feed"),
]
