"""No full ID number or phone is kept in the access log: typed into the login form, a search box
or an export's filters, it is stored masked (the auditor saw it whole)."""

from django.urls import reverse

from core import idnumber
from core.models import AccessLog

SPECIMEN = "11010519491231002X"


def test_mask_text_masks_every_number_shaped_run():
    assert idnumber.mask_text(f"q={SPECIMEN.lower()}&p=13812345678") == "q=1101**********002X&p=138****5678"
    assert idnumber.mask_text("330727750309123") == "3307*******9123"  # 15-digit old number
    assert idnumber.mask_text("+8613812345678") == "138****5678"
    assert idnumber.mask_text("station 2024 no 12345") == "station 2024 no 12345"
    assert idnumber.mask_values({"filters": {"q": [SPECIMEN]}, "rows": 3}) == {"filters": {"q": ["1101**********002X"]}, "rows": 3}


def test_a_login_failure_with_an_id_number_typed_as_user_name_is_logged_masked(client, users):
    client.post(reverse("login"), {"username": SPECIMEN, "password": "wrong"})
    log = AccessLog.objects.get(kind="login_failed")
    assert log.username == "1101**********002X"


def test_an_export_filtered_by_an_id_number_is_logged_masked(users, client_for, tree):
    from tests.factories import VeteranFactory

    VeteranFactory(area=tree["village11"], id_number=SPECIMEN)
    response = client_for(users["staff"]).get(reverse("veterans:veteran_export"), {"q": SPECIMEN, "phone": "13812345678"})
    assert response.status_code == 200
    log = AccessLog.objects.get(kind="export")
    assert SPECIMEN not in str(log.detail) and "13812345678" not in str(log.detail)
    assert "1101**********002X" in str(log.detail)
    assert all(SPECIMEN not in (entry.target + entry.username + str(entry.detail)) for entry in AccessLog.objects.all())
