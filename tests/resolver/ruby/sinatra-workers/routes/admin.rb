# Names nothing of Customer.io: found through the wrappers it calls.
post "/admin/resend" do
  user = User.find(params[:id])
  SignupFlow.new(user).run # expect: client-per-request blocking-analytics
  204
end
