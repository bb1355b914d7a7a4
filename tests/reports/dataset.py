"""A small county with known figures for a year Y and the year before (P = Y - 1).

Areas (tests.factories.area_tree): county 云溪县 330727 > 第1镇 (村 11, 12) and 第2镇 (村 21, 22).

    vet  area  registered   died       card applied / issued / activated   archive received / reviewed / transferred
    v1   11    P-03-01                 P-04-01 / P-05-10 / P-06-01
    v2   11    P-03-01                 P-04-01 / P-05-10 / -
    v3   12    P-03-01      Y-04-01    -
    v4   12    P-09-01                 Y-01-10 / Y-03-05 / Y-03-20          P-09-05 / P-09-20 / -
    v5   11    Y-02-10                 Y-02-15 / Y-05-06 / Y-10-01          Y-02-20 / Y-03-01 / -
    v6   12    Y-02-10                 Y-03-01 / - / -                      Y-03-02 / - / -
    v7   21    Y-08-15                 Y-08-20 / Y-09-01 / -                Y-08-20 / Y-09-10 / Y-10-01
    v8   22    P-03-01                 -

Honour plaques (光荣牌) hung: v1 P-06-01, v4 Y-02-01, v5 Y-04-01, v7 Y-09-10.
Annual information checks (年度信息核查): of year Y, v1 Y-03-10 (无变化), v2 Y-05-20 (已更新), v4 Y-08-01 (联系不上),
v7 Y-12-01 and v8 Y-11-01 (无变化); of year P, v1 P-04-01 and v3 P-11-15 (无变化).

Volunteers (all in 村 11): one team founded 2020-08-01; members v1 (joined P-05-01) and v5 (Y-03-01);
activities P-07-01 (10 人次, 20 h), Y-04-01 (12 人次, 30.5 h), Y-10-01 (8 人次, 16 h).
Township 2 has no volunteers, so its summary has no volunteer section.
"""

import datetime
from decimal import Decimal

from tests.factories import VeteranFactory, VolunteerTeamFactory
from veterans.models import AnnualCheck, PreferentialCard, VeteranArchive, VolunteerActivity, VolunteerMember

NAMES = ("欧阳明远", "司马长风", "诸葛青云", "上官云飞", "慕容秋水", "东方既白", "令狐冲霄", "独孤求真")


def build_dataset(tree, year):
    y, p = year, year - 1

    def day(which, month, dom):
        return datetime.date(which, month, dom)

    def veteran(number, area, registered, died=None):
        return VeteranFactory(area=tree[area], name=NAMES[number - 1], registered_on=registered,
                              death_date=died, status="deceased" if died else "alive")

    def card(vet, applied, issued=None, activated=None):
        status = "activated" if activated else "issued" if issued else "applied"
        return PreferentialCard.objects.create(veteran=vet, applied_on=applied, issued_on=issued, activated_on=activated,
                                               status=status)

    def archive(vet, received, reviewed=None, transferred=None):
        status = "transferred" if transferred else "reviewed" if reviewed else "received"
        return VeteranArchive.objects.create(veteran=vet, received_on=received, reviewed_on=reviewed,
                                             transferred_on=transferred, status=status)

    v1 = veteran(1, "village11", day(p, 3, 1))
    card(v1, day(p, 4, 1), day(p, 5, 10), day(p, 6, 1))
    v2 = veteran(2, "village11", day(p, 3, 1))
    card(v2, day(p, 4, 1), day(p, 5, 10))
    v3 = veteran(3, "village12", day(p, 3, 1), died=day(y, 4, 1))
    v4 = veteran(4, "village12", day(p, 9, 1))
    card(v4, day(y, 1, 10), day(y, 3, 5), day(y, 3, 20))
    archive(v4, day(p, 9, 5), day(p, 9, 20))
    v5 = veteran(5, "village11", day(y, 2, 10))
    card(v5, day(y, 2, 15), day(y, 5, 6), day(y, 10, 1))
    archive(v5, day(y, 2, 20), day(y, 3, 1))
    v6 = veteran(6, "village12", day(y, 2, 10))
    card(v6, day(y, 3, 1))
    archive(v6, day(y, 3, 2))
    v7 = veteran(7, "village21", day(y, 8, 15))
    card(v7, day(y, 8, 20), day(y, 9, 1))
    archive(v7, day(y, 8, 20), day(y, 9, 10), day(y, 10, 1))
    v8 = veteran(8, "village22", day(p, 3, 1))

    for vet, hung in ((v1, day(p, 6, 1)), (v4, day(y, 2, 1)), (v5, day(y, 4, 1)), (v7, day(y, 9, 10))):
        vet.plaque_hung_on = hung
        vet.save(update_fields=["plaque_hung_on"])
    for vet, which, checked, result in ((v1, y, day(y, 3, 10), "normal"), (v2, y, day(y, 5, 20), "updated"),
                                        (v4, y, day(y, 8, 1), "unreachable"), (v7, y, day(y, 12, 1), "normal"),
                                        (v8, y, day(y, 11, 1), "normal"), (v1, p, day(p, 4, 1), "normal"),
                                        (v3, p, day(p, 11, 15), "normal")):
        AnnualCheck.objects.create(veteran=vet, year=which, checked_on=checked, result=result)

    team = VolunteerTeamFactory(area=tree["village11"], name="云溪县退役军人应急救援队", founded_on=datetime.date(2020, 8, 1))
    VolunteerMember.objects.create(team=team, veteran=v1, joined_on=day(p, 5, 1))
    VolunteerMember.objects.create(team=team, veteran=v5, joined_on=day(y, 3, 1))
    for date, participants, hours in ((day(p, 7, 1), 10, "20"), (day(y, 4, 1), 12, "30.5"), (day(y, 10, 1), 8, "16")):
        VolunteerActivity.objects.create(team=team, date=date, title="清明祭扫", participants=participants,
                                         service_hours=Decimal(hours))
    return {"veterans": [v1, v2, v3, v4, v5, v6, v7, v8], "team": team, "year": y}
