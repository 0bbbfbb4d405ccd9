const { APIClient, RegionEU } = require("customerio-node");

const api = new APIClient(process.env.CIO_APP_KEY, { region: RegionEU });

module.exports = { api };
