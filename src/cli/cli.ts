import { main } from './main';

// grpc-js sets the TLS server name to the endpoint's host, and Node warns (DEP0123)
// when that is an IP address, on every connection: noise on a CLI's stderr.
process.removeAllListeners('warning');
process.on('warning', warning => {
  if ((warning as NodeJS.ErrnoException).code !== 'DEP0123') {
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  }
});

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
