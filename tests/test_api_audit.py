"""Every API read of personal data is audited by one declared mechanism (rumdoh.people.api_audit),
and an API view that does not declare its audit fails the system check."""

import json
from datetime import timedelta

import pytest
from django.urls import include, path
from django.utils import timezone, translation
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from rumdoh.accounts.models import AuditEvent
from rumdoh.justice.api import SupervisionViewSet
from rumdoh.people.api_audit import (
    AuditedViewSet,
    NoPersonalData,
    Reads,
    api_views,
    check_api_audit,
    undeclared,
)
from rumdoh.protection import services
from rumdoh.protection.api import ReferralViewSet
from rumdoh.protection.models import Referral
from rumdoh.statistics.api import StatisticsView
from tests.attachments.helpers import attach
from tests.justice.helpers import JusticeWorld
from tests.justice.scenario import everything
from tests.protection.helpers import identify, owner_case, ready_to_refer, refer
from tests.screening.helpers import make_screening

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="token")  # as a token holder: no second factor
    return client


def read(user, url: str) -> None:
    response = api(user).get(url)
    assert response.status_code == 200, response.content


def rows(action: str, user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, user=user).order_by("id"))


def listed_persons(user) -> list[int | None]:
    return [event.person_id for event in rows("person.listed", user)]


# --- the declaration is enforced -----------------------------------------------------------------


def test_every_api_route_declares_how_its_reads_are_audited():
    views = {view for _route, view in api_views()}
    assert len(views) >= 25  # the routers of every app are walked, not some of them
    assert ReferralViewSet in views and SupervisionViewSet in views and StatisticsView in views
    assert undeclared(api_views()) == []
    assert check_api_audit() == []


class Undeclared(mixins.ListModelMixin, viewsets.GenericViewSet):
    pass


class ForgotTheBase(mixins.ListModelMixin, viewsets.GenericViewSet):
    audit = Reads("thing", persons=("person_id",))


class StrippedReferrals(ReferralViewSet):
    audit = None  # type: ignore[assignment]


def routes(*viewsets_):
    router = SimpleRouter()
    for number, viewset in enumerate(viewsets_):
        router.register(f"things{number}", viewset, basename=f"thing{number}")
    return api_views([path("api/v1/", include(router.urls))])


def test_a_viewset_that_does_not_declare_its_audit_fails_the_check():
    problems = undeclared(routes(Undeclared, ForgotTheBase, StrippedReferrals))
    assert len(problems) == 3
    assert "Undeclared does not declare `audit`" in problems[0]
    assert "ForgotTheBase declares Reads but is not an AuditedViewSet" in problems[1]
    assert "StrippedReferrals does not declare `audit`" in problems[2]


def test_a_view_declaring_no_personal_data_passes_the_check():
    class Codes(AuditedViewSet):
        audit = NoPersonalData("a code list")

    assert undeclared(routes(Codes)) == []


class Sneaky(AuditedViewSet):
    """Answers a read without fetching through get_object() or paginate_queryset()."""

    audit = Reads("referral", persons=("person_id",))

    @action(detail=False, methods=["get"])
    def everything(self, request):
        return Response([r.pk for r in Referral.objects.all()])


def test_a_read_that_bypasses_the_audited_fetch_is_refused_in_json_and_logged(world, caplog):
    refer(world, ready_to_refer(world))
    request = APIRequestFactory().get("/api/v1/sneaky/everything/")
    force_authenticate(request, user=world.owner)
    with caplog.at_level("ERROR", logger="rumdoh.people.api_audit"):
        response = Sneaky.as_view({"get": "everything"})(request).render()
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "detail": "This read could not be recorded in the audit trail, so it is not answered. "
        "Please tell the system administrator."
    }
    assert "Sneaky answered a read without get_object()" in caplog.text


def test_the_refusal_of_an_unaudited_read_is_in_the_readers_language(world):
    request = APIRequestFactory().get("/api/v1/sneaky/everything/")
    force_authenticate(request, user=world.owner)
    with translation.override("km"):
        response = Sneaky.as_view({"get": "everything"})(request).render()
    assert response.status_code == 500
    detail = json.loads(response.content)["detail"]
    assert "audit" not in detail and any("\u1780" <= ch <= "\u17ff" for ch in detail)


# --- protection, people and screening ------------------------------------------------------------


def test_referral_list_and_detail_reads_name_the_person(world):
    referral = refer(world, ready_to_refer(world))
    read(world.owner, "/api/v1/referrals/")
    assert listed_persons(world.owner) == [world.person.pk]
    assert rows("referral.listed", world.owner)[0].data["ids"] == [referral.pk]
    read(world.owner, f"/api/v1/referrals/{referral.pk}/")
    [viewed] = rows("referral.viewed", world.owner)
    assert viewed.person_id == world.person.pk and viewed.object_id == str(referral.pk)


def test_identification_reads_name_the_person(world):
    found = identify(world)
    read(world.partner, "/api/v1/identifications/")
    assert listed_persons(world.partner) == [world.person.pk]
    read(world.partner, f"/api/v1/identifications/{found.pk}/")
    [viewed] = rows("identification.viewed", world.partner)
    assert (viewed.person_id, viewed.object_type) == (world.person.pk, "protection.identification")


def test_case_plan_services_and_follow_up_reads_name_the_person(world):
    case = owner_case(world)
    services.save_plan(
        world.owner, case, needs=["shelter"], goals="Return home", expected_version=1
    )
    follow_up = services.schedule_follow_up(
        world.owner, case, due_on=timezone.localdate() + timedelta(days=7)
    )
    read(world.owner, "/api/v1/cases/")
    assert listed_persons(world.owner) == [world.person.pk]
    for view in ("", "plan/", "services/", "follow-ups/", "history/"):
        read(world.owner, f"/api/v1/cases/{case.pk}/{view}")
    viewed = rows("case.viewed", world.owner)
    assert [event.data.get("view") for event in viewed] == [
        None,
        "plan",
        "services",
        "follow_ups",
        "history",
    ]
    assert {event.person_id for event in viewed} == {world.person.pk}
    read(world.owner, f"/api/v1/follow-ups/{follow_up.pk}/")
    [seen] = rows("follow_up.viewed", world.owner)
    assert seen.person_id == world.person.pk


def test_person_and_consent_reads_name_the_person(world):
    read(world.partner, "/api/v1/persons/")
    assert listed_persons(world.partner) == [world.person.pk]
    read(world.partner, f"/api/v1/persons/{world.person.pk}/consents/")
    [viewed] = rows("person.viewed", world.partner)
    assert viewed.person_id == world.person.pk and viewed.data == {"view": "consents"}


def test_screening_reads_name_the_person(world):
    record = make_screening(world.owner, person=world.person)
    read(world.owner, "/api/v1/screenings/")
    assert listed_persons(world.owner) == [world.person.pk]
    read(world.owner, f"/api/v1/screenings/{record.pk}/")
    assert rows("screening.viewed", world.owner)[0].person_id == world.person.pk


def test_an_attachment_read_names_the_person_and_a_download_is_audited_once(world):
    attachment = attach(world)
    read(world.partner, "/api/v1/attachments/")
    [listed] = rows("attachment.listed", world.partner)
    assert listed.person_id == world.person.pk and listed.data == {"ids": [attachment.pk]}
    read(world.partner, f"/api/v1/attachments/{attachment.pk}/")
    read(world.partner, f"/api/v1/attachments/{attachment.pk}/content/")
    [viewed] = rows("attachment.viewed", world.partner)
    assert viewed.person_id == world.person.pk and viewed.data == {}
    [downloaded] = rows("attachment.downloaded", world.partner)
    assert downloaded.person_id == world.person.pk


def test_refused_reads_and_writes_write_no_read_rows(world):
    referral = refer(world, ready_to_refer(world))
    before = AuditEvent.objects.count()
    assert api(world.outsider).get(f"/api/v1/referrals/{referral.pk}/").status_code == 404
    assert api(world.outsider).get("/api/v1/referrals/").json()["results"] == []
    assert AuditEvent.objects.count() == before
    api(world.owner).post(f"/api/v1/referrals/{referral.pk}/withdraw/", {"reason": "moved"})
    assert not AuditEvent.objects.filter(action__in=["referral.viewed", "person.listed"]).exists()


# --- justice --------------------------------------------------------------------------------------


@pytest.fixture
def jw(world) -> JusticeWorld:
    return JusticeWorld(world)


@pytest.mark.parametrize(
    ("resource", "kind"),
    [("warrants", "warrant"), ("arrests", "arrest"), ("supervisions", "supervision")],
)
def test_warrant_arrest_and_supervision_reads_name_the_suspect(jw, resource, kind):
    e = everything(jw)
    record = getattr(e, kind)
    read(jw.prosecutor, f"/api/v1/{resource}/?case={e.case.pk}")
    [listed] = rows(f"{kind}.listed", jw.prosecutor)
    assert listed.data == {"ids": [record.pk], "suspects": [e.suspect.pk]}
    read(jw.prosecutor, f"/api/v1/{resource}/{record.pk}/")
    [viewed] = rows(f"{kind}.viewed", jw.prosecutor)
    assert viewed.object_id == str(record.pk) and viewed.data == {"suspects": [e.suspect.pk]}


def test_case_timeline_and_victims_reads_name_the_victim(jw):
    e = everything(jw)
    read(jw.police, f"/api/v1/criminal-cases/{e.case.pk}/timeline/")
    read(jw.police, f"/api/v1/criminal-cases/{e.case.pk}/victims/")
    viewed = rows("criminal_case.viewed", jw.police)
    assert [event.data for event in viewed] == [{"view": "timeline"}, {"view": "victims"}]
    assert {event.person_id for event in viewed} == {jw.person.pk}
    read(jw.police, "/api/v1/criminal-cases/")
    assert listed_persons(jw.police) == [jw.person.pk]


def test_compensation_order_reads_name_the_victim_and_the_defendant(jw):
    e = everything(jw)
    read(jw.police, f"/api/v1/compensation-orders/{e.order.pk}/payments/")
    [viewed] = rows("compensation_order.viewed", jw.police)
    assert viewed.person_id == jw.person.pk
    assert viewed.data == {"suspects": [e.suspect.pk], "view": "payments"}


def test_a_victim_shown_by_number_only_is_not_recorded_as_named(jw):
    e = everything(jw)
    read(jw.prosecutor, f"/api/v1/criminal-cases/{e.case.pk}/victims/")
    read(jw.prosecutor, f"/api/v1/compensation-orders/{e.order.pk}/")
    read(jw.prosecutor, "/api/v1/criminal-cases/")
    viewed = rows("criminal_case.viewed", jw.prosecutor)
    viewed += rows("compensation_order.viewed", jw.prosecutor)
    assert [event.person_id for event in viewed] == [None, None]
    assert listed_persons(jw.prosecutor) == []
