"""Wiring of the funding-quality gauge to the filings (issue 18): a :class:`~bubblescope.gauges.boom.Reading`
from :func:`bubblescope.economics.funding.funding_quality`.

Use (the caller reads the files; this module stays pure)::

    from bubblescope.data.sec_extracts import load_sec_folder
    from bubblescope.economics.funding import funding_quality
    from bubblescope.gauges.funding import funding_reading

    reading = funding_reading(funding_quality(load_sec_folder(data_dir / "sec")))
    boom_bubble_gauges(..., ocf_funded_share=reading)
"""

from __future__ import annotations

from bubblescope.economics.funding import FundingQualityResult
from bubblescope.gauges.boom import Reading


def funding_reading(result: FundingQualityResult) -> Reading:
    """The share of the hyperscalers' trailing-4-quarter capex their operating cash flow covers (%),
    dated by the last quarter, sourced to the SEC files read."""
    source = (f"SEC filings ({result.source}): capex / operating cash flow {result.ttm_ratio:.2f} over the four "
              f"quarters to {result.as_of}, {' + '.join(result.companies)}")
    return Reading(result.ocf_funded_share, result.as_of, source, "%")
