/**
 * Fails the run loudly when a test leaks an unhandled rejection: the dial
 * timeout and error paths promise "no unhandled rejection", so it is checked.
 */
const leaked: unknown[] = [];
process.on('unhandledRejection', reason => {
  leaked.push(reason);
  console.error('Unhandled rejection:', reason);
});

export const mochaHooks = {
  afterEach(this: Mocha.Context) {
    if (leaked.length > 0) {
      const reasons = leaked.splice(0).map(r => (r instanceof Error ? r.message : String(r)));
      throw new Error(`unhandled rejection during "${this.currentTest?.fullTitle()}": ${reasons.join('; ')}`);
    }
  },
};
