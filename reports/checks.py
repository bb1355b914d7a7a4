"""`manage.py check`: every indicator a summary sentence or the dashboard names exists.

An app's sentences may name another app's indicators, registered later, so names cannot be checked
when a sentence is declared; a misspelt one used to surface as a KeyError inside the Celery job.
"""

from django.conf import settings
from django.core import checks

from core import indicators

SENTENCE_ID = "reports.E001"  # a summary sentence (or a section's or paragraph's required) names no indicator
DASHBOARD_ID = "reports.E002"  # a dashboard tile, trend or breakdown names no indicator
ABOUT_ON_RATE_ID = "reports.E003"  # {name:yu} on a rate: a percentage takes no 余
GROWTH_ON_RATE_ID = "reports.E005"  # {name:cmp:pct} on a rate: its change is 个百分点, not a growth in per cent
ORPHAN_ID = "reports.E004"  # a paragraph added to a section nobody declared: it would never be written
ROLLUP_INTERVAL_ID = "reports.E006"  # the dashboards' roll-ups renewed less often than every ten minutes, or never
ROLLUP_TASK = "reports.tasks.rollup_refresh_task"
NEVER_SHOWN_ID = "reports.W001"  # a section with paragraphs but nothing required: it would never appear


def summary_errors():
    errors = []
    known = set(indicators.TEXT_PLACEHOLDERS)
    for section in indicators.summary_sections():
        for name, modifiers, where in section.names():
            if name in known:
                if modifiers:
                    errors.append(checks.Error(
                        f"工作总结“{section.title}”（{section.key}）：{{{name}}} 不是指标，不能加 {':'.join(sorted(modifiers))}",
                        hint=where, obj=section.key, id=SENTENCE_ID))
                continue
            try:
                item = indicators.get(name)
            except KeyError:
                errors.append(checks.Error(
                    f"工作总结“{section.title}”（{section.key}）引用了不存在的指标 {name}",
                    hint=f"{where}（已登记的指标见 core.indicators.all_indicators()）", obj=section.key, id=SENTENCE_ID))
                continue
            if "yu" in modifiers and item.rate:
                errors.append(checks.Error(
                    f"工作总结“{section.title}”（{section.key}）：比率 {name} 不能写作“余”", hint=where, obj=section.key,
                    id=ABOUT_ON_RATE_ID))
            if "pct" in modifiers and item.rate:
                errors.append(checks.Error(
                    f"工作总结“{section.title}”（{section.key}）：比率 {name} 的变化以“个百分点”表述，不能加 pct",
                    hint=where, obj=section.key, id=GROWTH_ON_RATE_ID))
        if section.all_paragraphs() and not section.required_names():
            errors.append(checks.Warning(
                f"工作总结“{section.title}”（{section.key}）没有声明 required 指标，永远不会出现", obj=section.key,
                id=NEVER_SHOWN_ID))
    for key, items in indicators.orphan_paragraphs().items():
        errors.append(checks.Error(
            f"{len(items)} 个段落加到了未声明的工作总结部分 {key}", hint=items[0].sentences[0] if items[0].sentences else "",
            obj=key, id=ORPHAN_ID))
    return errors


def dashboard_errors():
    errors = []
    for kind, names in (("tile", indicators.dashboard_tiles()), ("trend", indicators.dashboard_trends()),
                        ("breakdown", indicators.dashboard_breakdowns())):
        for name in names:
            try:
                indicators.get(name)
            except KeyError:
                errors.append(checks.Error(f"数据看板（dashboard {kind}）引用了不存在的指标 {name}", obj=name, id=DASHBOARD_ID))
    return errors


def rollup_errors():
    """A dashboard's figure is never older than ROLLUP_MAX_INTERVAL_SECONDS of changes: the beat entry of
    the roll-ups' job runs at least that often."""
    limit = settings.ROLLUP_MAX_INTERVAL_SECONDS
    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry.get("task") == ROLLUP_TASK]
    if not entries:
        return [checks.Error(f"定时任务中没有看板汇总更新（{ROLLUP_TASK}）", id=ROLLUP_INTERVAL_ID)]
    if settings.ROLLUP_INTERVAL_SECONDS > limit or any(float(e["schedule"]) > limit for e in entries):
        return [checks.Error(f"看板汇总更新间隔不得超过{limit}秒（ROLLUP_INTERVAL_SECONDS）", id=ROLLUP_INTERVAL_ID)]
    return []


@checks.register("reports")
def indicator_names(app_configs=None, **kwargs):
    return summary_errors() + dashboard_errors() + rollup_errors()
