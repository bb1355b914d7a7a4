"""The permission walk's makers of benefits' records, one module per part (tests.walk merges OBJECT_MAKERS)."""

from tests.benefits import walk_assist, walk_payments

OBJECT_MAKERS = {**walk_assist.OBJECT_MAKERS, **walk_payments.OBJECT_MAKERS}
