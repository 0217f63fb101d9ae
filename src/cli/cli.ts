import { main } from './main';

// The bundle entry: run, flush stdout, then exit with the command's status
// (grpc channels could otherwise keep the process alive for a moment).
main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
  },
  err => {
    process.stderr.write(`ztap-etcd: unexpected error: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
