import datetime

from core import services as core_services
from petitions import services
from petitions.models import Petition, Petitioner

D = datetime.date
MARCH_3, MARCH_10, APRIL_20, APRIL_25 = D(2025, 3, 3), D(2025, 3, 10), D(2025, 4, 20), D(2025, 4, 25)


def register(user, area, *, received_on=MARCH_3, people=1, batches=1, category="benefits", name="王建军",
             phone="13905790001", veteran=None, first_petition=None, matter="要求提高伤残抚恤金标准。"):
    """A petition registered through the write path, as the add page does."""
    data = {"received_on": received_on, "channel": "visit", "area": area, "people": people, "batches": batches,
            "category": category, "matter": matter, "first_petition": first_petition, "note": "",
            "petitioner_name": name, "petitioner_phone": phone, "petitioner_veteran": veteran,
            "petitioner_relation": "退役士兵"}
    return core_services.record_create(model=Petition, data=data, user=user)


def through(petition, user, *, accepted=MARCH_10, answered=APRIL_20, closed=APRIL_25,
            outcome="resolved"):
    services.petition_accept(petition=petition, user=user, accepted_on=accepted)
    services.petition_assign(petition=petition, user=user, handler="优抚科")
    services.petition_answer(petition=petition, user=user, answered_on=answered, answer="已按政策答复。")
    return services.petition_close(petition=petition, user=user, closed_on=closed, outcome=outcome)


def petitioners(petition):
    return list(Petitioner.objects.filter(petition=petition))
