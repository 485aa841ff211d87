"""A stop signal in the middle of a Playwright call (page.pdf) must not end in a traceback on stderr: the call
is abandoned, closing the browser fails it, and asyncio would report its exception as never retrieved; or the
driver's answer to it arrives after the call was dropped, and Playwright would log its listener error."""

import subprocess
import sys

SCRIPT = """
import asyncio, gc, sys
from playwright.sync_api import Error
from occprofiles.publish import browser

if sys.argv[1] == "quiet":
    browser._quiet_abandoned_calls()

async def fail(error):
    raise error

import logging
listener = logging.getLogger("playwright")  # the driver answers a command the abandoned call no longer waits for
for error in (Error("Cannot find command to respond: tyvi@29"), Error("a driver error of ours")):
    listener.error("Error occurred in event listener", exc_info=error)

loop = asyncio.new_event_loop()
for error in (Error("Protocol error (Page.printToPDF): Printing failed"), ValueError("a bug of ours")):
    task = loop.create_task(fail(error))
    loop.run_until_complete(asyncio.sleep(0))  # the task fails; nobody awaits it
    del task
    gc.collect()
loop.close()
"""


def stderr_of(mode: str) -> str:
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True).stderr


def test_an_abandoned_playwright_call_is_not_reported_but_other_lost_errors_still_are():
    loud = stderr_of("loud")  # what the filter is for: asyncio and Playwright report them by default
    assert "Printing failed" in loud and "Cannot find command to respond" in loud
    quiet = stderr_of("quiet")
    assert "Printing failed" not in quiet and "Cannot find command to respond" not in quiet
    assert "Task exception was never retrieved" in quiet and "a bug of ours" in quiet
    assert "a driver error of ours" in quiet
