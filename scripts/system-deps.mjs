#!/usr/bin/env node
// The system packages the tests need (Debian's, never downloaded browsers): Chromium (bundler,
// parallel, playground and engine-matrix suites), Firefox ESR and WebKitGTK's WebDriver with its
// MiniBrowser under Xvfb (engine matrix). The one list of them: `npm test` and .ci/run run this.
//
// All present: exits 0 silently. Something missing: as root with apt-get, installs the set
// (apt-get update, then apt-get install -y, DEBIAN_FRONTEND=noninteractive); otherwise exits 1 with
// one line naming the command to run.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Debian packages of the browser tests. */
export const SYSTEM_PACKAGES = ['chromium', 'firefox-esr', 'webkit2gtk-driver', 'xvfb'];

const MULTIARCH = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch] ?? `${process.arch}-linux-gnu`;

/** The executables the tests start, by what provides them (environment variables override). */
export const SYSTEM_BINARIES = {
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
  webkitDriver: process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver',
  // MiniBrowser comes with libwebkit2gtk-4.1-0, a dependency of webkit2gtk-driver.
  miniBrowser: process.env.WEBKIT_MINIBROWSER_PATH ?? `/usr/lib/${MULTIARCH}/webkit2gtk-4.1/MiniBrowser`,
  xvfbRun: process.env.XVFB_RUN_PATH ?? '/usr/bin/xvfb-run',
};

/** The one line telling a user what to install. */
export const INSTALL_HINT = `apt-get install ${SYSTEM_PACKAGES.join(' ')}`;

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binaries of SYSTEM_BINARIES that are not there (as `name (path)`). */
export function missingBinaries() {
  return Object.entries(SYSTEM_BINARIES).filter(([, p]) => !executable(p)).map(([n, p]) => `${n} (${p})`);
}

function hasAptGet() {
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function main() {
  const missing = missingBinaries();
  if (missing.length === 0) return 0;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !hasAptGet()) {
    console.error(`system-deps: missing ${missing.join(', ')}: run \`sudo ${INSTALL_HINT}\` (Debian/Ubuntu)`);
    return 1;
  }
  console.error(`system-deps: missing ${missing.join(', ')}; installing ${SYSTEM_PACKAGES.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...SYSTEM_PACKAGES], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const still = missingBinaries();
  if (still.length > 0) {
    console.error(`system-deps: still missing after apt-get install: ${still.join(', ')}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
