"""Other words for choice labels, as clerks write them in their own ledgers (高中 for 高中/中专).

A choices class declares its synonyms with a decorator::

    @synonyms({"高中": "senior", "中专": "senior", "大学本科": "bachelor"})
    class Education(models.TextChoices): ...

and a ledger's choice column accepts them beside the stored values and labels.  Any part of a
label written with / or 、 (高中/中专 -> 高中, 中专) is accepted too, when it names one choice.
"""

import re
import unicodedata

_SYNONYMS = {}  # tuple of a choices class's values -> {normalized synonym: stored value}


def normalize(text):
    """As compared: half-width, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def synonyms(mapping):
    """Class decorator declaring {synonym: stored value} for a TextChoices or IntegerChoices class."""

    def decorate(cls):
        values = set(cls.values)
        unknown = [value for value in mapping.values() if value not in values]
        if unknown:
            raise ValueError(f"{cls.__name__}: synonyms for values it does not have: {unknown}")
        _SYNONYMS[tuple(cls.values)] = {normalize(word): value for word, value in mapping.items()}
        return cls

    return decorate


def table(flatchoices):
    """{normalized word: stored value} for a field's choices: its stored values, labels, label parts
    and declared synonyms.  A label part or synonym that could mean two choices is left out."""
    choices = [(value, str(label)) for value, label in flatchoices if value not in (None, "")]
    words = {}
    parts = {}
    for value, label in choices:
        for part in re.split(r"[/、]", label):
            part = normalize(part)
            if part:
                parts.setdefault(part, set()).add(value)
    for part, values in parts.items():
        if len(values) == 1:
            words[part] = next(iter(values))
    words.update(_SYNONYMS.get(tuple(value for value, _label in choices), {}))
    for value, label in reversed(choices):  # the first choice wins, as it did in a loop
        words[normalize(label)] = value
        words[normalize(value)] = value
    return words


def declared_synonyms(flatchoices):
    """{stored value: [synonyms]} declared for these choices (for the import page's help)."""
    found = {}
    for word, value in _SYNONYMS.get(tuple(value for value, _label in flatchoices if value not in (None, "")), {}).items():
        found.setdefault(value, []).append(word)
    return found
