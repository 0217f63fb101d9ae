import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { restoreEndpoints, services } from './helpers';

/** What the test reaches inside the extension's own dashboard (its class is not this test's copy). */
interface PanelInside extends vscode.Disposable {
  onMessage(message: { type: 'ready' }): Promise<void>;
}

describe('the Cluster Dashboard', function () {
  this.timeout(60_000);
  before(() => restoreEndpoints());

  it("listens for its session's end once, however often its page says it is ready again, and stops when closed", async () => {
    const s = await services();
    const panel = await vscode.commands.executeCommand<PanelInside>(COMMANDS.openDashboard);
    const session = s.connection.session;
    assert.ok(session, 'a session');
    const ends = () => (session as unknown as { endEmitter: { listenerCount: number } }).endEmitter.listenerCount;
    try {
      // The page says "ready" each time it is drawn again (shown after being hidden, reloaded).
      await panel.onMessage({ type: 'ready' });
      const once = ends();
      for (let i = 0; i < 3; i++) {
        await panel.onMessage({ type: 'ready' });
      }
      assert.strictEqual(ends(), once, 'listeners on the session end after three more "ready"s');
      panel.dispose();
      assert.ok(ends() < once, `${ends()} listeners after closing, ${once} while open`);
    } finally {
      panel.dispose();
    }
  });
});
