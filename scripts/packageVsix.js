// Builds and packages the extension with the pinned @vscode/vsce: packaging runs
// vscode:prepublish (the build), so one build gives out/, dist/ and the VSIX that the
// VS Code run installs as users get it.
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
/** In out/, which every build starts afresh. */
const VSIX = path.join(root, 'out', 'ztap-etcd-explorer.vsix');

function buildAndPackage() {
  console.log(`Building and packaging ${path.relative(root, VSIX)}...`);
  execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', VSIX], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

module.exports = { VSIX, buildAndPackage };
