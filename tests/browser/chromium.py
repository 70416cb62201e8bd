"""Where the browser tests find Chromium (Debian's package, never a download), how to start it."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
MISSING = f"needs Chromium at {CHROMIUM} (.ci/run installs the Debian package)"
# Headless, and nothing that reaches the network on the browser's own account.
LAUNCH_ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
