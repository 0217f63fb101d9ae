import { createInterface } from 'readline';

/** Asks on a terminal; refuses (false) when stdin is not one. */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    process.stderr.write(`ztap-etcd: ${question} stdin is not a terminal: refusing without --yes\n`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>(resolve => rl.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Asks to type `name` on a terminal (a change that cannot be taken back); false off one. */
export async function confirmByTyping(message: string, name: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    process.stderr.write(`ztap-etcd: ${message} stdin is not a terminal: refusing without --yes\n`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await new Promise<string>(resolve => rl.question(`${message} Type ${name} to go on: `, resolve))).trim() === name;
  } finally {
    rl.close();
  }
}
