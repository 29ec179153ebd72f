"""Lesson 8 widget on replies: the reply coach, a text box checked against the reply rubric as you write.
A thin wrapper over course.topics.replies: it uses check_reply(text, customer_name) and the result's .score,
.max_score and .html() only."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as W

from course.i18n import current
from course.topics import replies
from course.widgets.base import _


class ReplyCoach:
    """A text area for a draft reply, a Check button and a result area; checks on every edit and on click.

    `.text` (class course-reply-text), `.button`, `.summary` (class course-reply-result), `.result` (what
    replies.check_reply returned: .score, .max_score, .html()), `.widget` (class course-reply-coach)."""

    def __init__(self, customer_name: str | None = None, complaint: str = "", draft: str = ""):
        self.customer_name = customer_name
        self.text = W.Textarea(value=draft, placeholder=_("Write your reply to the customer here…"),
                               layout=W.Layout(width="640px", height="180px"), continuous_update=False)
        self.text.add_class("course-reply-text")
        self.button = W.Button(description=_("Check my reply"), button_style="primary")
        self.button.add_class("course-reply-check")
        self.summary = W.HTML()
        self.summary.add_class("course-reply-result")
        self.result: Any = None
        header = [W.HTML("<h4>" + _("Reply coach") + "</h4><p>"
                         + _("<b>The complaint:</b> {complaint}").format(complaint=escape(complaint)) + "</p>"
                         + ("<p>" + _("Customer: {name}").format(name=escape(customer_name)) + "</p>"
                            if customer_name else ""))]
        self.widget = W.VBox([*header, self.text, self.button, self.summary])
        self.widget.add_class("course-reply-coach")
        self.text.observe(lambda _c: self.update(), names="value")
        self.button.on_click(lambda _b: self.update())
        self.update()

    def update(self) -> None:
        self.result = replies.check_reply(self.text.value, self.customer_name, lang=current())
        self.summary.value = self.result.html()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def reply_coach(customer_name: str | None = None, complaint: str = "", draft: str = "") -> ReplyCoach:
    """The reply coach for one complaint (see ReplyCoach)."""
    return ReplyCoach(customer_name, complaint, draft)
