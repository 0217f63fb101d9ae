import { main } from './main';

// grpc-js sets the TLS server name to the endpoint's host, and Node warns (DEP0123)
// when that is an IP address, on every connection: noise on a CLI's stderr.
process.removeAllListeners('warning');
process.on('warning', warning => {
  if ((warning as NodeJS.ErrnoException).code !== 'DEP0123') {
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  }
});

// A reader that closed the pipe (`watch | head -3`) ends the command quietly with
// exit 0, as `ls | head` does: commands that run until a signal (watch, elect) stop as
// on SIGTERM (elect resigns first); the others just exit.
let stdoutClosed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') {
    process.stderr.write(`ztap-etcd: cannot write the output: ${err.message}\n`);
    process.exit(1);
  }
  if (stdoutClosed) {
    return;
  }
  stdoutClosed = true;
  if (process.listenerCount('SIGTERM') > 0) {
    process.emit('SIGTERM');
  } else {
    process.exit(0);
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
