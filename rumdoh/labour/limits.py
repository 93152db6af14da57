"""The largest counts and amounts the labour forms and API accept, in one place.

Each is far above any real value and fits its column (a positive integer: 2,147,483,647 at most in
PostgreSQL, 32,767 for a small one), so a number beyond it is a typing mistake that the field
refuses in the reader's language, rather than one the database cannot hold (a server error).
"""

COMPLAINT_WORKERS_MAX = 10_000  # workers of one complaint (a small integer column)
WORKERS_PRESENT_MAX = 100_000  # workers met at one worksite, and referred from it
SESSIONS_MAX = 100_000  # sessions or briefings of one prevention activity
PARTICIPANTS_MAX = 10_000_000  # women, or men, one prevention activity reached
AMOUNT_USD_MAX = 10_000_000  # an amount agreed at conciliation, a deposit lodged
FEE_USD_MAX = 1_000_000  # a fee one migrant paid
