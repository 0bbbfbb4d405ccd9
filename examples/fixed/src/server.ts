import express from "express";
import { signup } from "./routes/signup";
import { orders } from "./routes/orders";
import { webhooks } from "./routes/webhooks";

const app = express();
app.use(express.json());
app.use(signup);
app.use(orders);
app.use(webhooks);
app.listen(3000);
