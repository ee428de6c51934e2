#!/usr/bin/env python3
"""gen_capi_doc.py: writes docs/C-API.md, the C API reference, from the
comments and declarations of include/gosock.h.

Usage: scripts/gen_capi_doc.py [include/gosock.h] [-o docs/C-API.md]
(without -o the Markdown goes to standard output). make docs runs it;
tests_py/test_capi_doc.py fails when the checked-in file is stale.

How the header is read: its first comment is the introduction (a line
that is not indented is a section title; column-aligned lines become a
code block). The rest is cut at blank lines into chunks, each one of:
a "---- name ----" comment (a section), #define lines (a table of macros
with their trailing comments), a typedef struct (shown whole), or
prototypes (shown as written), with the comments in the chunk as text in
the order they appear.
"""
import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SKIP_LINE = re.compile(r'^\s*(#ifndef GOSOCK_H|#define GOSOCK_H\b|#endif|#include\b|#ifdef __cplusplus'
                        r'|extern "C" \{|\}\s*$)')
_SECTION = re.compile(r"^/\* -{2,} (.+?) -{2,} \*/$")
_PROTO = re.compile(r"\b(gosock_[a-z0-9_]+)\s*\(")
_ALIGNED = re.compile(r"\S {3,}\S")
_DEFINE = re.compile(r"^#define\s+(\w+)\s*(.*?)\s*(?:/\*\s*(.*?)\s*\*/)?\s*$")


def comment_text(block):
    """The text of a /* ... */ block, one string per line, with the leading
    ' * ' and the markers removed (relative indentation kept)."""
    body = block.strip()
    assert body.startswith("/*") and body.endswith("*/")
    body = body[2:-2]
    lines = body.split("\n")
    out = []
    for line in lines:
        s = line.rstrip()
        s = re.sub(r"^\s*\* ?", "", s) if re.match(r"^\s*\*", s) else s.strip()
        out.append(s)
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def _indent(line):
    return len(line) - len(line.lstrip())


def _escape(line):
    """Keeps a comment line from turning into a Markdown quote or heading."""
    stripped = line.lstrip()
    if stripped[:1] in (">", "#"):
        return line[:_indent(line)] + "\\" + stripped
    return line


def prose(lines):
    """Markdown for comment lines. Column-aligned text becomes a code block:
    an indented run of lines with an aligned one in it, or a run of aligned
    lines. A paragraph after an indented run is set apart by a blank line."""
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            out.append("")
            i += 1
            continue
        j = i + 1
        if _indent(line) > 0:
            while j < len(lines) and lines[j].strip() and _indent(lines[j]) > 0:
                j += 1
            run = lines[i:j]
            preformatted = (any(_ALIGNED.search(l.strip()) for l in run)
                            and not line.lstrip().startswith("- "))
        elif _ALIGNED.search(line):
            while j < len(lines) and _indent(lines[j]) == 0 and _ALIGNED.search(lines[j]):
                j += 1
            run = lines[i:j]
            preformatted = True
        else:
            run, preformatted = [line], False
            if out and out[-1] and _indent(out[-1]) > 0 and not line.startswith("- "):
                out.append("")
        if preformatted:
            indent = min(_indent(l) for l in run)
            out.extend(["", "```"] + [l[indent:] for l in run] + ["```", ""])
        else:
            out.extend(_escape(l) for l in run)
        i = j
    return out


def intro(lines):
    """The file comment: first paragraph, then '## Title' sections."""
    out = []
    section = []

    def flush():
        if section:
            body = [l[1:] if l.startswith(" ") else l for l in section]
            out.extend(prose(body))
            section.clear()

    for line in lines:
        if line and not line.startswith(" ") and out:
            flush()
            out.extend(["", "## " + line.strip(), ""])
        elif not out:
            out.append(line.strip())
        else:
            section.append(line)
    flush()
    return out


def split_chunks(text):
    """(first comment, [chunk lines]) of the header."""
    m = re.match(r"\s*(/\*.*?\*/)", text, re.S)
    if m is None:
        raise SystemExit("gen_capi_doc: the header must start with its documentation comment")
    rest = text[m.end():]
    chunks = []
    for raw in re.split(r"\n\s*\n", rest):
        lines = [l for l in raw.split("\n") if l.strip() and not _SKIP_LINE.match(l)]
        if lines:
            chunks.append(lines)
    return m.group(1), chunks


def pieces(lines):
    """A chunk as [('comment', [text lines]) | ('code', [lines])] in order."""
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("/*") and not _DEFINE.match(line):
            j = i
            while "*/" not in lines[j]:
                j += 1
            out.append(("comment", comment_text("\n".join(lines[i:j + 1]))))
            i = j + 1
        else:
            if out and out[-1][0] == "code":
                out[-1][1].append(line)
            else:
                out.append(("code", [line]))
            i += 1
    return out


def join_continuations(lines):
    out = []
    for line in lines:
        if out and out[-1].endswith("\\"):
            out[-1] = out[-1][:-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def render_defines(parts):
    out = []
    for kind, body in parts:
        if kind == "comment":
            out.extend(prose(body) + [""])
            continue
        out.append("| Macro | Value | Meaning |")
        out.append("| --- | --- | --- |")
        for line in join_continuations(body):
            m = _DEFINE.match(line)
            if m is None:
                raise SystemExit("gen_capi_doc: cannot read %r" % line)
            name, value, note = m.groups()
            value = re.sub(r"\s+", " ", value)
            out.append("| `%s` | `%s` | %s |" % (name, value.replace("|", "\\|"),
                                                (note or "").replace("|", "\\|")))
        out.append("")
    return out


def render(header_path):
    text = Path(header_path).read_text()
    version = ".".join(re.search(r"#define GOSOCK_VERSION_%s (\d+)" % p, text).group(1)
                       for p in ("MAJOR", "MINOR", "PATCH"))
    first, chunks = split_chunks(text)
    intro_lines = intro(comment_text(first))

    body = []
    index = []  # (function, section)
    section = None
    for chunk in chunks:
        if len(chunk) == 1 and _SECTION.match(chunk[0].strip()):
            section = _SECTION.match(chunk[0].strip()).group(1)
            body.extend(["", "## " + section[:1].upper() + section[1:], ""])
            continue
        parts = pieces(chunk)
        code = [l for kind, b in parts if kind == "code" for l in b]
        if not code:
            body.extend(prose([l for _, b in parts for l in b]) + [""])
            continue
        if section is None and body == []:
            body.extend(["", "## Macros and types", ""])
        if all(l.startswith("#define") or l.startswith(" ") or l.startswith("(")
               for l in code):
            body.extend(render_defines(parts))
            continue
        struct = re.search(r"^typedef struct (\w+)", "\n".join(code), re.M)
        if struct:
            body.extend(["### struct " + struct.group(1), ""])
            for kind, b in parts:
                if kind == "comment":
                    body.extend(prose(b) + [""])
                else:
                    body.extend(["```c"] + b + ["```", ""])
            continue
        names = []
        for l in code:
            names.extend(n for n in _PROTO.findall(l) if n not in names)
        if not names:
            raise SystemExit("gen_capi_doc: cannot place chunk:\n" + "\n".join(chunk))
        index.extend((n, section or "") for n in names)
        body.extend(["### " + ", ".join(names), ""])
        for kind, b in parts:
            if kind == "comment":
                body.extend(prose(b) + [""])
            else:
                body.extend(["```c"] + b + ["```", ""])

    out = [
        "# libgosock C API reference",
        "",
        "<!-- Generated by scripts/gen_capi_doc.py from include/gosock.h: do not edit, "
        "run 'make docs'. -->",
        "",
        "Version %s. Include `gosock.h` (and `gosock_consts.h` for the socket module's "
        "constants as `GOSOCK_*` macros); link with `pkg-config --cflags --libs gosock`. "
        "The ABI policy is [ABI.md](ABI.md)." % version,
        "",
    ]
    out.extend(intro_lines)
    out.extend(["", "## Index", "", "| Function | Section |", "| --- | --- |"])
    out.extend("| `%s` | %s |" % (n, s) for n, s in index)
    out.extend(body)
    # One blank line between blocks, none at the end.
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("header", nargs="?", default=str(ROOT / "include" / "gosock.h"))
    p.add_argument("-o", "--output")
    args = p.parse_args(argv)
    doc = render(args.header)
    if args.output:
        Path(args.output).write_text(doc)
    else:
        sys.stdout.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
