"""The case worker's home page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.rules.roles import Role
from rumdoh.protection import services
from tests.conftest import login, make_user
from tests.protection.helpers import owner_case, ready_to_refer, refer

pytestmark = pytest.mark.django_db


def test_overdue_follow_ups_appear_on_the_home_page(world):
    case = owner_case(world, opened_on=date(2019, 6, 1))
    today = timezone.localdate()
    services.schedule_follow_up(
        world.owner, case, due_on=today - timedelta(days=5), purpose="Visit in Poipet"
    )
    services.schedule_follow_up(
        world.owner, case, due_on=today + timedelta(days=5), purpose="Later"
    )
    body = login(world.owner).get(reverse("protection:home")).content.decode()
    overdue = body.split('id="overdue"')[1].split("</section>")[0]
    assert "Visit in Poipet" in overdue
    assert "Later" not in overdue


def test_home_page_lists_my_cases_and_incoming_referrals(world):
    case = owner_case(world)
    referral = refer(world, ready_to_refer(world))
    assert case.reference in login(world.owner).get(reverse("protection:home")).content.decode()
    partner_home = login(world.partner).get(reverse("protection:home")).content.decode()
    incoming = partner_home.split('id="incoming"')[1].split("</section>")[0]
    assert referral.reference in incoming
    assert case.reference not in partner_home


def test_outsider_home_shows_nothing_of_the_person(world):
    case = owner_case(world)
    refer(world, ready_to_refer(world))
    body = login(world.outsider).get(reverse("protection:home")).content.decode()
    assert case.reference not in body
    assert world.person.display_name not in body


def test_roles_without_case_work_cannot_open_the_home_page(world):
    screener = make_user(Role.SCREENER, world.owner_agency)
    assert login(screener).get(reverse("protection:home")).status_code == 403
