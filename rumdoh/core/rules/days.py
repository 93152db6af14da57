"""The time a recorded day may fall in (pure: no Django imports).

Every form and service that takes a day refuses one out of its time with the same words
(``core.errors.out_of_time``); the statistics' first period and an operation's date use the same
first day.
"""

from __future__ import annotations

from datetime import date, timedelta

#: The first day of anything an agency does that this system records (a tip, a raid, a case, a
#: request to a counterpart, the first day a statistics period may start): the Law on
#: Suppression of Human Trafficking and Sexual Exploitation took effect in 2008. An earlier day
#: is a mistyped year (0202 for 2022), and a day near year 1 cannot even be turned into a moment.
FIRST_DAY = date(2008, 1, 1)
#: The first day of any date at all (a birth, a business's history): earlier is a mistyped year.
EARLIEST_DAY = date(1900, 1, 1)
#: How far ahead a day planned or expected may be: further is a mistyped year (9999, 2062).
PLAN_AHEAD = timedelta(days=2 * 366)
