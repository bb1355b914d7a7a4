"""The permission walk's makers of benefits' records, one module per part (tests.walk merges them)."""

from tests.benefits.walk_assist import LINKS_ELSEWHERE as ASSIST_LINKS
from tests.benefits.walk_assist import OBJECT_MAKERS as ASSIST_MAKERS

OBJECT_MAKERS = {**ASSIST_MAKERS}
LINKS_ELSEWHERE = {**ASSIST_LINKS}
