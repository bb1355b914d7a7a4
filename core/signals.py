from django.dispatch import Signal

# Sent after writes that bypass save() (bulk ledger imports): sender is the model class.
records_changed = Signal()
