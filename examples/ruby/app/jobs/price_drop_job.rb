class PriceDropJob < ApplicationJob
  def perform(product_id)
    product = Product.find(product_id)
    product.watchers.find_each do |user|
      request = Customerio::TriggerBroadcastRequest.new(
        broadcast_id: 7,
        ids: [user.id],
        data: { product: product.name, price: product.price }
      )
      $customerio_api.trigger_broadcast(request)
    end
  end
end
