from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from kiemdiem.api.api import api
from kiemdiem.apps.appraisals.views import appraisal_page
from kiemdiem.apps.audit.views import subject_history
from kiemdiem.apps.campaigns.views import (
    campaign_board,
    campaign_detail,
    campaign_suggestions,
    home,
    self_review,
    self_review_list,
    self_review_preview_view,
)
from kiemdiem.apps.cells import views as cells
from kiemdiem.apps.complaints import views as complaints
from kiemdiem.apps.decisions import after_views
from kiemdiem.apps.decisions.views import decision_page, results_page
from kiemdiem.apps.documents import views as documents
from kiemdiem.apps.dossiers import views as dossiers
from kiemdiem.apps.evaluation import views as scenario_views
from kiemdiem.apps.imports import views as imports
from kiemdiem.apps.reports import views as reports

admin.site.site_header = "kiemdiem — Kiểm điểm, đánh giá, xếp loại chất lượng"
admin.site.site_title = "kiemdiem"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Members are not staff: they sign in here, not through the admin.
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="/dang-nhap/"), name="logout"),
    path("ke-hoach/<int:pk>/", campaign_detail, name="campaign-detail"),
    path("ke-hoach/<int:pk>/tien-do/", campaign_board, name="campaign-board"),
    path("ke-hoach/<int:pk>/goi-y/", campaign_suggestions, name="campaign-suggestions"),
    path("ke-hoach/<int:pk>/tham-dinh/", appraisal_page, name="campaign-appraisal"),
    path("ke-hoach/<int:pk>/quyet-dinh/", decision_page, name="campaign-decision"),
    path("ket-qua/<int:pk>/", results_page, name="campaign-results"),
    path("ket-qua/<int:pk>/khieu-nai/", complaints.complaint_new, name="complaint-new"),
    path("ke-hoach/<int:pk>/xep-loai-lai/", after_views.rerating_page, name="campaign-rerating"),
    path(
        "ke-hoach/<int:pk>/khen-thuong/",
        after_views.commendation_page,
        name="campaign-commendation",
    ),
    path("ke-hoach/<int:pk>/ket-thuc/", after_views.close_page, name="campaign-close"),
    path("van-ban/<int:pk>/<str:kind>.<str:fmt>", documents.document, name="campaign-document"),
    path(
        "ke-hoach/<int:pk>/van-ban/thong-bao/<str:code>.zip",
        documents.letters_batch,
        name="campaign-letters",
    ),
    path("mau-van-ban/", documents.templates_page, name="document-templates"),
    path(
        "mau-van-ban/<str:ruleset>/<str:kind>.docx",
        documents.template_download,
        name="document-template",
    ),
    path("ke-hoach/<int:pk>/van-ban/", documents.documents_page, name="campaign-documents"),
    path("ke-hoach/<int:pk>/ho-so/", dossiers.dossiers_page, name="campaign-dossiers"),
    path("ke-hoach/<int:pk>/ho-so/<str:code>.zip", dossiers.dossier_zip, name="dossier-zip"),
    path("chi-bo/<int:pk>/<str:code>/ho-so/", dossiers.dossiers_page, name="cell-dossiers"),
    path("ho-so/tep/<int:pk>/", dossiers.dossier_file, name="dossier-file"),
    path("ke-hoach/<int:pk>/thong-ke/", reports.dashboard, name="campaign-dashboard"),
    path(
        "ke-hoach/<int:pk>/thong-ke/bieu-thong-ke.xlsx",
        reports.statistics_workbook,
        name="statistics-workbook",
    ),
    path("ke-hoach/<int:pk>/thong-ke/<str:code>/", reports.report_page, name="campaign-report"),
    path("ke-hoach/<int:pk>/kich-ban/", scenario_views.scenario_page, name="scenario-page"),
    path(
        "ke-hoach/<int:pk>/kich-ban.<str:fmt>",
        scenario_views.scenario_download,
        name="scenario-download",
    ),
    path("nhap-du-lieu/", imports.import_page, name="import-page"),
    path("nhap-du-lieu/mau.xlsx", imports.template_download, name="import-template"),
    path("nhap-du-lieu/<int:pk>/", imports.import_job, name="import-job"),
    path("khieu-nai/", complaints.complaint_list, name="complaint-list"),
    path("khieu-nai/<int:pk>/", complaints.complaint_detail, name="complaint-detail"),
    path(
        "khieu-nai/<int:pk>/tep/<int:file_pk>/",
        complaints.attachment_download,
        name="complaint-attachment",
    ),
    # A subject as the engine names it: "member/M12", "organization/CB-TT", "leader/M1@K1".
    path("lich-su/<path:subject>/", subject_history, name="subject-history"),
    path("tu-kiem-diem/", self_review_list, name="self-review-list"),
    path("tu-kiem-diem/<int:pk>/", self_review, name="self-review"),
    path(
        "tu-kiem-diem/<int:pk>/xem-truoc/",
        self_review_preview_view,
        name="self-review-preview",
    ),
    # A cell's part of a campaign: /chi-bo/<campaign>/<cell code>/...
    path("chi-bo/<int:pk>/<str:code>/", cells.cell_home, name="cell-home"),
    path("chi-bo/<int:pk>/<str:code>/bao-cao/", cells.report_page, name="cell-report"),
    path("chi-bo/<int:pk>/<str:code>/hoi-nghi/", cells.meeting_page, name="cell-meeting"),
    path(
        "chi-bo/<int:pk>/<str:code>/hoi-nghi/<int:item_pk>/",
        cells.agenda_item,
        name="cell-agenda-item",
    ),
    path("chi-bo/<int:pk>/<str:code>/kiem-phieu/", cells.tallies_page, name="cell-tallies"),
    path("chi-bo/<int:pk>/<str:code>/kiem-phieu/<int:item_pk>/", cells.tally, name="cell-tally"),
    path(
        "chi-bo/<int:pk>/<str:code>/bien-ban-kiem-phieu/",
        cells.tally_record_page,
        name="cell-tally-record",
    ),
    path("chi-bo/<int:pk>/<str:code>/de-xuat/", cells.proposals_page, name="cell-proposals"),
    path("chi-bo/<int:pk>/<str:code>/nhan-xet/", cells.records_page, name="cell-records"),
    path(
        "chi-bo/<int:pk>/<str:code>/nhan-xet/<int:member_pk>/",
        cells.record,
        name="cell-record",
    ),
    path(
        "tap-the/<int:pk>/<int:collective_pk>/bao-cao/",
        cells.collective_report_page,
        name="collective-report",
    ),
    path(
        "tap-the/<int:pk>/<int:collective_pk>/hoi-nghi/",
        cells.collective_meeting_page,
        name="collective-meeting",
    ),
    path(
        "tap-the/<int:pk>/<int:collective_pk>/hoi-nghi/<int:item_pk>/",
        cells.collective_agenda_item,
        name="collective-agenda-item",
    ),
]
