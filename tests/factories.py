"""Factories shared by every app's tests."""

import datetime
import random

import factory
from factory.django import DjangoModelFactory

from core import fake, idnumber
from core.models import Area, AreaLevel, User
from core.roles import Role
from stations.models import ServiceStation, StationInspection, StationTraining

PASSWORD = "Test#Pass2026"


def make_id_number(region="330727", born=datetime.date(1980, 5, 17), sequence=None, female=False):
    """A valid 18-digit ID number for the region and birth date."""
    return fake.id_number(random, born, female=female, region=region, sequence=sequence)


def area_tree(county_code="330727", county_name="云溪县"):
    """A province > city > county > 2 townships > 2 villages each; returns a dict of them."""
    province, _ = Area.objects.get_or_create(code=county_code[:2], defaults={"name": "测试省", "level": AreaLevel.PROVINCE})
    city, _ = Area.objects.get_or_create(code=county_code[:4], defaults={"name": "测试市", "level": AreaLevel.CITY, "parent": province})
    county, _ = Area.objects.get_or_create(code=county_code, defaults={"name": county_name, "level": AreaLevel.COUNTY, "parent": city})
    tree = {"province": province, "city": city, "county": county}
    for t in (1, 2):
        township, _ = Area.objects.get_or_create(
            code=f"{county_code}{t:03d}", defaults={"name": f"第{t}镇", "level": AreaLevel.TOWNSHIP, "parent": county})
        tree[f"township{t}"] = township
        for v in (1, 2):
            village, _ = Area.objects.get_or_create(
                code=f"{township.code}{v:03d}", defaults={"name": f"{t}镇{v}村", "level": AreaLevel.VILLAGE, "parent": township})
            tree[f"village{t}{v}"] = village
    return tree


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ServiceStationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceStation

    name = factory.Sequence(lambda n: f"服务站{n}")
    level = 4
    head = "王强"
    phone = "13812345678"
    staff_count = 3
    star_rating = 3


class StationInspectionFactory(DjangoModelFactory):
    class Meta:
        model = StationInspection

    station = factory.SubFactory(ServiceStationFactory)
    date = datetime.date(2026, 3, 1)
    kind = "onsite"
    inspector = "李明"
    findings = "台账不全"


class StationTrainingFactory(DjangoModelFactory):
    class Meta:
        model = StationTraining

    station = factory.SubFactory(ServiceStationFactory)
    date = datetime.date(2026, 4, 1)
    topic = "政策培训"
    attendees = 12


class VeteranFactory(DjangoModelFactory):
    class Meta:
        model = "veterans.Veteran"

    name = factory.Iterator(["张三", "李四", "王五", "曾国强", "单丽", "解放"])
    id_number = factory.Sequence(lambda n: make_id_number(born=datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28), sequence=n))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    discharge_category = "self_employed"
    registered_on = datetime.date(2024, 3, 1)

    @factory.lazy_attribute
    def enlistment_date(self):
        born = idnumber.birth_date(self.id_number)
        return born.replace(year=born.year + 18, day=1)

    @factory.lazy_attribute
    def discharge_date(self):
        return self.enlistment_date.replace(year=self.enlistment_date.year + 2)


class FamilyMemberFactory(DjangoModelFactory):
    class Meta:
        model = "veterans.FamilyMember"

    veteran = factory.SubFactory(VeteranFactory)
    name = "刘芳"
    relationship = "spouse"
    id_number = factory.Sequence(lambda n: make_id_number(born=datetime.date(1970, 5, 5), sequence=n, female=True))
    phone = factory.Sequence(lambda n: f"137{n:08d}")


class VolunteerTeamFactory(DjangoModelFactory):
    class Meta:
        model = "veterans.VolunteerTeam"

    name = factory.Sequence(lambda n: f"志愿服务队{n}")
    kind = "emergency"
    leader = "赵刚"
    founded_on = datetime.date(2020, 8, 1)
