// A stand-in for the service's data layer.
export declare const db: {
  users: {
    create(input: { email: string; name: string }): Promise<{ id: number; email: string; plan: string }>;
    all(): Promise<Array<{ id: number; email: string; firstName: string; plan: string; passwordHash: string }>>;
  };
  orders: { create(userId: string, body: unknown): Promise<{ sku: string; total: number; createdAt: Date }> };
  refunds: { create(orderId: string): Promise<{ id: string }> };
};
