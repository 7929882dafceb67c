// Runs one entry point of the synthesized Provider framework code, as Lambda does.
//
// usage: node framework_driver.js <framework asset dir> <entry> <response port>
// The event is read from stdin; the outcome is printed after a marker line.
//
// The framework answers CloudFormation with an HTTPS PUT to the presigned
// ResponseURL. Its outbound module exports that request function so it can be
// replaced; here it goes, unchanged in content, to a local HTTP server. The
// Lambda and Step Functions calls use the framework's own AWS SDK clients,
// pointed at local servers by AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_SFN.
"use strict";
const http = require("http");
const path = require("path");

const [frameworkDir, entry, responsePort] = process.argv.slice(2);
const outbound = require(path.join(frameworkDir, "outbound.js"));

outbound.httpRequest = (options, body) =>
  new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: Number(responsePort),
        path: options.path,
        method: options.method,
        headers: options.headers,
      },
      (response) => {
        response.resume();
        if (response.statusCode >= 400) {
          reject(new Error(`response PUT answered ${response.statusCode}`));
        } else {
          resolve();
        }
      },
    );
    request.on("error", reject);
    request.write(body);
    request.end();
  });

const framework = require(path.join(frameworkDir, "framework.js"));

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  let outcome;
  try {
    const result = await framework[entry](JSON.parse(input));
    outcome = { result: result === undefined ? null : result };
  } catch (error) {
    outcome = { thrown: { name: error.constructor.name, message: error.message } };
  }
  process.stdout.write("\n@@OUTCOME@@" + JSON.stringify(outcome) + "\n");
});
