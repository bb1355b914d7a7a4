"""The permission walk's benefits records (tests.walk merges OBJECT_MAKERS), one module a topic."""

from tests.benefits import walk_payments

OBJECT_MAKERS = {**walk_payments.OBJECT_MAKERS}
