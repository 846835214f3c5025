from django.urls import path

from . import views as notices
from .feeds import NoticeFeed

app_name = "notices"

urlpatterns = [
    path("", notices.notice_list, name="list"),
    path("<int:pk>/", notices.notice_detail, name="detail"),
    path("<int:pk>/files/<int:attachment_pk>/", notices.notice_attachment, name="attachment"),
    path("<int:pk>/cover/<str:size>/", notices.notice_cover, name="cover"),
    path("subscribe/", notices.notice_subscribe, name="subscribe"),
    path("feed/", NoticeFeed(), name="feed"),
    path("feed/<slug:category>/", NoticeFeed(), name="category_feed"),
    path("mine/", notices.notice_mine, name="mine"),
    path("review/", notices.notice_review, name="review"),
    path("new/", notices.notice_create, name="create"),
    path("preview/", notices.notice_preview, name="preview"),
    path("<int:pk>/manage/", notices.notice_manage, name="manage"),
    path("<int:pk>/edit/", notices.notice_edit, name="edit"),
    path("<int:pk>/files/<int:attachment_pk>/delete/", notices.notice_attachment_delete, name="attachment_delete"),
    path("<int:pk>/submit/", notices.notice_submit, name="submit"),
    path("<int:pk>/publish/", notices.notice_publish, name="publish"),
    path("<int:pk>/return/", notices.notice_return, name="return"),
    path("<int:pk>/withdraw/", notices.notice_withdraw, name="withdraw"),
]
