"""The largest numbers the justice records take, in one place for the pages and the API (pure).

A number past its database column fails when it is written: a server error, where the user
should have had a message at the field. These bounds are realistic, and well inside the columns.
"""

from datetime import timedelta

# Whole riel: a fine, a settlement, an order, a payment, one amount of a claim and a claim's
# total. A thousand trillion riel (some 250 billion US dollars) is past any real amount, and so
# far inside the big-integer columns (9.2 x 10^18) that sums of amounts (the payments of an
# order, the heads of a claim) stay inside them too.
RIEL_MAX = 10**15

# A prison term, or its suspended part, in months: thirty years, the longest term of years of
# the Criminal Code (2009). Life imprisonment is not a number of months.
PRISON_MONTHS_MAX = 360

# How far ahead a compensation order may fall due: it is paid after the sentence is served, so at
# the latest when the longest term of years has been (thirty years); a later day is a mistyped
# year (9999), and an order due then would never be overdue, nor anyone told it is unpaid.
ORDER_DUE_AHEAD = timedelta(days=PRISON_MONTHS_MAX * 31)

# How long before its case was opened a suspect may have been arrested: caught in the act and held,
# the case is opened within the 48 hours of custody, and a few days are allowed for a late entry.
# An arrest years before (a mistyped year, 2008 for 2026) would show a custody clock overdue by
# a hundred thousand hours, and count in the figures of a year the case did not exist.
ARREST_BEFORE_OPENING = timedelta(days=7)

# The digits of the calculator's figures: a wage or an amount in riel or dollars (cents kept),
# and months (one decimal). The claim's total is held to RIEL_MAX besides.
MONEY_DIGITS = 14
MONTHS_DIGITS = 6

# Riel for one US dollar (about 4,100 since the 2000s): a rate past this is a typing error.
USD_RATE_MAX = 100_000

# A year of birth: none before 1900, none past 2100 (as the people register's search says).
BIRTH_YEAR_MIN, BIRTH_YEAR_MAX = 1900, 2100

# A defendant under judicial supervision reports at least once a year.
REPORTING_DAYS_MAX = 365
