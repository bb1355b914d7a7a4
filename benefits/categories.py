"""The 优抚 categories (优抚对象类别): in a module of their own, so that the payment lines
(benefits/models_batches.py), which benefits.models imports, label their copy of it too."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import synonyms


@synonyms({"残疾退役军人": "disabled_soldier", "伤残军人": "disabled_soldier", "伤残警察": "disabled_police",
           "伤残民兵": "disabled_militia", "伤残民工": "disabled_militia", "烈属": "martyr_family",
           "因公牺牲遗属": "duty_death_family", "病故遗属": "illness_death_family", "复员军人": "demobilised",
           "带病回乡": "ill_returned", "参战退役军人": "war_veteran", "参试退役军人": "war_veteran", "参战参试": "war_veteran",
           "老年退役士兵": "rural_60", "60周岁农村籍退役士兵": "rural_60", "烈士子女": "martyr_child"})
class Category(models.TextChoices):
    DISABLED_SOLDIER = "disabled_soldier", _("残疾军人")
    DISABLED_POLICE = "disabled_police", _("伤残人民警察")
    DISABLED_MILITIA = "disabled_militia", _("伤残民兵民工")
    DISABLED_OTHER = "disabled_other", _("其他因公伤残")
    MARTYR_FAMILY = "martyr_family", _("烈士遗属")
    DUTY_DEATH_FAMILY = "duty_death_family", _("因公牺牲军人遗属")
    ILLNESS_DEATH_FAMILY = "illness_death_family", _("病故军人遗属")
    THREE_RED = "three_red", _("三红")
    DEMOBILISED = "demobilised", _("在乡复员军人")
    ILL_RETURNED = "ill_returned", _("带病回乡退役军人")
    WAR_VETERAN = "war_veteran", _("参战参试退役军人")
    RURAL_60 = "rural_60", _("农村籍退役士兵年满60周岁")
    MARTYR_CHILD = "martyr_child", _("烈士老年子女")
    OTHER = "other", _("其他")
