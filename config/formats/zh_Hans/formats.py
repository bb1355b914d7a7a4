"""Input formats for zh-hans, ahead of Django's own (which stay for display).

A form's date box renders its value in the first input format.  Django's zh_Hans list starts
with %Y/%m/%d, a value an <input type="date"> cannot hold: the browser shows the box blank and
saving the form erases the date.  ISO 8601 first; the Chinese forms are still accepted.
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y年%n月%j日", "%Y.%m.%d", "%Y%m%d"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d",
]
