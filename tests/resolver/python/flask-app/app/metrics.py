import statsd

stats = statsd.StatsClient()


# A project class that happens to share a name with an SDK class.
class TrackClient:
    def __init__(self, prefix):
        self.prefix = prefix

    def track(self, user_id, name):
        stats.incr(f"{self.prefix}.{name}")
