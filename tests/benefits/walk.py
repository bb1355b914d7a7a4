"""The permission walk's makers of benefits' records, one module per part (tests.walk merges them)."""

from tests.benefits import walk_assist, walk_batches, walk_payments, walk_scholarships

OBJECT_MAKERS = {**walk_assist.OBJECT_MAKERS, **walk_batches.OBJECT_MAKERS, **walk_payments.OBJECT_MAKERS,
                 **walk_scholarships.OBJECT_MAKERS}
LINKS_ELSEWHERE = {**walk_assist.LINKS_ELSEWHERE, **walk_scholarships.LINKS_ELSEWHERE}
