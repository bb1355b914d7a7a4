"""A veteran's petitions on the timeline (veterans.timeline), shown only to roles that may reveal:
that a veteran petitioned is itself sensitive."""

from core.audit import current_request
from petitions.services import veteran_petitions
from veterans import timeline


@timeline.register
def petition_events(veteran):
    """The veteran's petitions on the timeline, for a request of a role that may reveal."""
    request = current_request()
    user = getattr(request, "user", None)
    if not getattr(user, "can_reveal", False):
        return
    for p in veteran_petitions(veteran, user):
        url = p.get_absolute_url()
        yield timeline.Event(p.received_on, "信访登记", f"{p.get_channel_display()}·{p.get_category_display()}", url)
        if p.answered_on:
            yield timeline.Event(p.answered_on, "信访答复", "", url)
        if p.closed_on:
            yield timeline.Event(p.closed_on, "信访办结", p.get_outcome_display(), url)
