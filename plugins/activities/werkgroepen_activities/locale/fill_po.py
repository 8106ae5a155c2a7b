"""Fill the Dutch catalogue's empty msgstr from nl_translations.NL (run after makemessages):

    python plugins/activities/werkgroepen_activities/locale/fill_po.py

Prints the msgids it has no translation for; leaves translated entries alone."""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from nl_translations import NL  # noqa: E402

PO = HERE / "nl" / "LC_MESSAGES" / "django.po"


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def unquote(lines):
    return "".join(
        re.sub(r"\\(.)", lambda m: {"n": "\n", '"': '"', "\\": "\\"}.get(m.group(1), m.group(0)), line.strip()[1:-1])
        for line in lines
    )


def main():
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    missing = []
    for index, block in enumerate(blocks):
        lines = block.splitlines()
        fields, current = {}, None
        for line in lines:
            match = re.match(r"^(msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = unquote(fields["msgid"])
        if not msgid:
            continue
        head = [line for line in lines if line.startswith("#") and not line.startswith(("#, fuzzy", "#|"))]
        head = [line.replace(", fuzzy", "") for line in head]
        if "msgid_plural" in fields:
            plural = unquote(fields["msgid_plural"])
            done = all(unquote(fields.get(f"msgstr[{i}]", ['""'])) for i in (0, 1))
            if done and not any("fuzzy" in line for line in lines):
                continue
            found = NL.get((msgid, plural))
            if not found:
                missing.append(msgid)
                continue
            body = [f"msgid {quote(msgid)}", f"msgid_plural {quote(plural)}"]
            body += [f"msgstr[{i}] {quote(text)}" for i, text in enumerate(found)]
        else:
            if unquote(fields.get("msgstr", ['""'])) and not any("fuzzy" in line for line in lines):
                continue
            found = NL.get(msgid)
            if not found:
                missing.append(msgid)
                continue
            body = [f"msgid {quote(msgid)}", f"msgstr {quote(found)}"]
        blocks[index] = "\n".join(head + body)
    PO.write_text("\n\n".join(blocks), encoding="utf-8")
    for msgid in missing:
        print("missing:", msgid)


if __name__ == "__main__":
    main()
