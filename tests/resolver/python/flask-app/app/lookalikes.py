import os

import analytics
from mixpanel import Mixpanel

analytics.write_key = os.environ["SEGMENT_WRITE_KEY"]
mp = Mixpanel(os.environ["MIXPANEL_TOKEN"])


def track_segment(user_id, event):
    analytics.track(user_id, event)


def track_mixpanel(distinct_id, event):
    mp.track(distinct_id, event)
