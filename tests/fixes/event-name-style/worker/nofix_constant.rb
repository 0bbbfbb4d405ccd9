# "Password Reset" is also sent through a constant: renaming only the literal would split
# the event, so neither site is fixed.
PASSWORD_RESET = "Password Reset"

class Mailer
  def reset(user)
    $customerio.track(user.id, "Password Reset")
    $customerio.track(user.id, PASSWORD_RESET)
  end
end
