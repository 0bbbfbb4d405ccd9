const { TrackClient, APIClient } = require("customerio-node");

const cio = new TrackClient("f82ad78f695bd32f9d99", "1a621ef65edfe6d3b6ae");
const api = new APIClient(process.env.CIO_APP_KEY || "20436c6351668b25a74a2c289a639d3f");

module.exports = { cio, api };
