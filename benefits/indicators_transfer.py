"""Figures of 抚恤关系转移: beneficiaries whose 抚恤关系 moved into the area (accepted there) and out of it
in the period, by the day of the move; a move between two counties of the area counts neither way."""

from benefits.services_transfer import transfer_counts
from core.indicators import indicator


@indicator("benefits.transfers_in", "抚恤关系转入", "名")
def transfers_in(area, period):
    return transfer_counts(area, period)[0]


@indicator("benefits.transfers_out", "抚恤关系转出", "名")
def transfers_out(area, period):
    return transfer_counts(area, period)[1]
