import pytest
from tests.factories import ServiceStationFactory, StationInspectionFactory

def test_pages(users, tree, client_for):
    st = ServiceStationFactory(area=tree["township1"])
    ins = StationInspectionFactory(station=st)
    c = client_for(users["clerk"])
    for url in ["/", "/core/servicestation/", f"/core/servicestation/{st.pk}/", "/core/servicestation/add/",
                f"/core/servicestation/{st.pk}/edit/", f"/core/servicestation/{st.pk}/delete/", "/core/servicestation/export/",
                "/core/servicestation/import/", f"/core/stationinspection/{ins.pk}/", "/core/stationinspection/?q=x&kind=onsite",
                "/core/area/", f"/core/area/{tree['township1'].pk}/"]:
        r = c.get(url)
        print(url, r.status_code)
        assert r.status_code == 200, r.content[:3000]
    r = c.post("/core/servicestation/add/", {"name": "新站", "area": tree["village11"].pk, "staff_count": 2, "phone": "138 1234 5678"})
    assert r.status_code == 302, r.content.decode()[:5000]
    r = c.post(f"/core/stationinspection/{ins.pk}/transition/rectify/", {"remark": "ok"})
    assert r.status_code == 302
    ins.refresh_from_db(); assert ins.status == "rectified"
    r = c.get(f"/core/servicestation/?q=新站")
    assert "新站" in r.content.decode()
    assert "138****5678" in r.content.decode()
