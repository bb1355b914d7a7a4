"""The time limits of 《信访工作条例》 (中共中央、国务院，2022年5月1日起施行), as data.

(第四章 信访事项的办理; article numbers left out here, the rules are what the code keeps):
- 收到信访事项后15日内决定是否受理（或不予受理）并告知信访人;
- 自受理之日起60日内办结（答复）; 情况复杂的，经批准可以适当延长，延长期限不得超过30日，并告知信访人
  延期理由;
- 对处理意见不服的，可以自收到书面答复之日起30日内请求复查，复查机关自收到复查请求之日起30日内提出
  复查意见; 对复查意见不服的，可以自收到书面复查意见之日起30日内请求复核，复核机关自收到复核请求之日起
  30日内提出复核意见; 对复核意见不服，仍以同一事实和理由提出信访请求的，不再受理.

How the days are counted (the assumption the help texts state): calendar days (自然日), the day of the
event not counted (民法典第二百零一条: 开始的当日不计入，自下一日开始计算), so a limit of N days after day D
ends on D + N; the last day is not moved for weekends or holidays.  Received on 2025-03-03, the
decision is due by 2025-03-18; accepted on 2025-03-10, the answer by 2025-05-09 (2025-06-08 extended
by 30 days).
"""

import datetime

COLLECTIVE_PEOPLE = 5  # 5人以上集体访
ACCEPT_DAYS = 15
ANSWER_DAYS = 60
MAX_EXTENSION_DAYS = 30
REQUEST_DAYS = 30  # to request a review (复查) or a recheck (复核) after the answer or the review
DECIDE_DAYS = 30  # to decide a review or a recheck after its request

COUNTING = "按自然日计算，事件当日不计入、自次日起算，期限末日遇节假日不顺延。"


def after(day, days):
    return day + datetime.timedelta(days=days) if day else None


def accept_due(received_on):
    return after(received_on, ACCEPT_DAYS)


def answer_due(accepted_on, extended_days=0):
    return after(accepted_on, ANSWER_DAYS + (extended_days or 0))


def request_due(answered_on):
    return after(answered_on, REQUEST_DAYS)


def decide_due(requested_on):
    return after(requested_on, DECIDE_DAYS)


def days_left(due_on, today=None):
    return (due_on - (today or datetime.date.today())).days
