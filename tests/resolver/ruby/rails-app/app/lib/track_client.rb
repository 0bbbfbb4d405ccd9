# A project class that happens to share a name with an SDK client: it only logs.
class TrackClient
  def initialize(prefix)
    @prefix = prefix
  end

  def track(id, name)
    Rails.logger.info("#{@prefix} #{id} #{name}")
  end
end
