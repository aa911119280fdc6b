"""Write Chinese translations into resources/i18n/songnuan_zh_CN.ts from a {source: translation} dict.

    python packaging/fill_translations.py path/to/dict.py   # the file defines ZH = {...}

Entries lupdate marked obsolete are dropped; anything still without a translation is listed, and the
test suite fails on it (tests/ui/test_translations.py).
"""

from __future__ import annotations

import runpy
import sys
import xml.etree.ElementTree as ET

from songnuan_desktop.ui.assets import I18N


def fill(mapping: dict[str, str]) -> list[str]:
    path = I18N / "songnuan_zh_CN.ts"
    tree = ET.parse(path)
    missing = []
    for context in tree.getroot().findall("context"):
        for message in list(context.findall("message")):
            translation = message.find("translation")
            source = message.findtext("source") or ""
            if translation is None:
                continue
            if translation.get("type") in ("obsolete", "vanished"):
                context.remove(message)
                continue
            if source in mapping and translation.get("type") == "unfinished":
                # Only new entries: the same English can mean different Chinese in another context.
                translation.text = mapping[source]
                translation.attrib.pop("type", None)
            elif translation.get("type") == "unfinished":
                missing.append(f"{context.findtext('name')}: {source}")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    missing = fill(runpy.run_path(sys.argv[1])["ZH"])
    print("\n".join(f"missing: {m}" for m in missing) or "all translated")
    sys.exit(1 if missing else 0)
