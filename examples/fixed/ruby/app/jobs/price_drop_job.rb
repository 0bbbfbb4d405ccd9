class PriceDropJob < ApplicationJob
  # One trigger for every watcher: the broadcast endpoint takes one request per 10 seconds.
  def perform(product_id)
    product = Product.find(product_id)
    request = Customerio::TriggerBroadcastRequest.new(
      broadcast_id: 7,
      ids: product.watchers.pluck(:id),
      data: { product: product.name, price: product.price }
    )
    $customerio_api.trigger_broadcast(request)
  end
end
