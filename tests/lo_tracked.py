"""Run by the system Python (which has LibreOffice's `uno`): accept or reject all tracked changes.

Usage: python3 lo_tracked.py FILE.docx accept|reject PROFILE_DIR
Prints each paragraph as LibreOffice shows it: list label, space, text.
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(path, mode, profile):
    pipe = f"letter_{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        url = uno.systemPathToFileUrl(str(Path(path).resolve()))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
        helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
        paragraphs = doc.Text.createEnumeration()
        while paragraphs.hasMoreElements():
            par = paragraphs.nextElement()
            if not par.supportsService("com.sun.star.text.Paragraph"):
                continue
            label = par.getPropertyValue("ListLabelString")
            text = par.getString().replace("\n", " \u23ce ")
            if text.strip() or label:
                print(f"{label} {text}" if label else text)
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge closes as the office quits
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:4])
