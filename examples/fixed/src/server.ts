import express from "express";
import { signup } from "./routes/signup";
import { orders } from "./routes/orders";
import { webhooks } from "./routes/webhooks";
import { receipts } from "./routes/receipts";

const app = express();
app.use(express.json());
app.use(signup);
app.use(orders);
app.use(webhooks);
app.use(receipts);
app.listen(3000);
