// Preloaded into the CLI by the benchmark (node --require): reports the process's
// peak resident memory at exit, which Node's child_process cannot give the parent.
const { appendFileSync } = require('fs');
process.on('exit', () => {
  if (process.env.ZTAP_BENCH_RSS_FILE) {
    appendFileSync(process.env.ZTAP_BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
  }
});
