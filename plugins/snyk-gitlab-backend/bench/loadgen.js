// Open-loop load: one GET every 1000/rate ms for a bounded time, latency counted
// from each request's scheduled start (no coordinated omission). Prints JSON.
//   node loadgen.js <url> <rate> <seconds> [headers-json]
const http = require('node:http');

const [url, rateArg, secondsArg, headersArg] = process.argv.slice(2);
const rate = Number(rateArg);
const total = Math.round(rate * Number(secondsArg));
const headers = headersArg ? JSON.parse(headersArg) : {};
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const latencies = [];
let errors = 0;
let done = 0;

function fire(scheduled) {
  const req = http.get(url, { agent, headers, timeout: 10_000 }, res => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode !== 200) errors += 1;
      latencies.push(performance.now() - scheduled);
      finish();
    });
  });
  req.on('error', () => {
    errors += 1;
    finish();
  });
}

const start = performance.now();
function finish() {
  done += 1;
  if (done < total) return;
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = q =>
    latencies[
      Math.min(latencies.length - 1, Math.floor(q * latencies.length))
    ] ?? NaN;
  console.log(
    JSON.stringify({
      p50: at(0.5),
      p99: at(0.99),
      max: at(1),
      rps: latencies.length / elapsed,
      errors,
    }),
  );
  agent.destroy();
}

let sent = 0;
(function tick() {
  const now = performance.now();
  while (sent < total && start + (sent * 1000) / rate <= now) {
    fire(start + (sent * 1000) / rate);
    sent += 1;
  }
  if (sent < total)
    setTimeout(
      tick,
      Math.max(0, start + (sent * 1000) / rate - performance.now()),
    );
})();
