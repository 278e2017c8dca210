#!/usr/bin/env python3
"""Lists the longest C++ functions and fails when one is longer than the limit.

Usage: scripts/function-lengths.py [--limit N] [--top K] [PATH ...]
  PATH: files or folders (default: engine/ and apps/ of this checkout)
  --limit N   exit 1 when any function is longer than N lines (default 80; 0: never)
  --top K     how many of the longest functions to list (default 10)

A function's length counts every line from the first line of its signature to its
closing brace (lambdas and local classes count towards the function they are in).
Comments, string literals and preprocessor lines are blanked before the scan, so a
brace inside them does not confuse it. The house rule (STYLE.md) is 80 lines.
"""
import argparse
import os
import re
import sys

SOURCE_EXTENSIONS = (".cpp", ".cc", ".h", ".hpp")
CONTAINER_HEAD = re.compile(r"\b(namespace|class|struct|union|enum)\b|\bextern\s+\"C\"")
FUNCTION_TAIL = re.compile(r"(\)|\bconst|\boverride|\bfinal|\bnoexcept|\bmutable|\btry)\s*$")
ACCESS_SPECIFIER = re.compile(r"\b(public|private|protected)\s*:(?!:)")


def blank_comments_and_strings(text):
    """Replaces comments, string and character literals and preprocessor lines with
    spaces, keeping every newline so line numbers stay right."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":
            # A preprocessor line, with its continuations.
            while i < n and not (text[i] == "\n" and text[i - 1] != "\\"):
                out.append("\n" if text[i] == "\n" else " ")
                i += 1
            continue
        if c == "/" and text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        if c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.extend("\n" if ch == "\n" else " " for ch in text[i:end])
            i = end
            continue
        raw = re.match(r'R"([^(\s]*)\(', text[i:i + 20])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            close = ")" + raw.group(1) + '"'
            end = text.find(close, i + raw.end())
            end = n if end < 0 else end + len(close)
            out.extend("\n" if ch == "\n" else " " for ch in text[i:end])
            i = end
            continue
        if c in "\"'":
            # A digit separator (1'000'000) is not a character literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c)
            out.extend(" " for _ in range(i + 1, min(j, n)))
            if j < n:
                out.append(c)
            i = j + 1
            continue
        out.append(c)
        line_start = c == "\n" or (line_start and c in " \t")
        i += 1
    return "".join(out)


def matching_brace(text, open_pos):
    depth = 0
    for k in range(open_pos, len(text)):
        if text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(text) - 1


def without_template_parameters(head):
    """The head without `template <...>` parameter lists (whose `class T` is no class)."""
    out, i = [], 0
    for m in re.finditer(r"\btemplate\s*<", head):
        if m.start() < i:
            continue
        out.append(head[i:m.start()])
        depth, k = 0, m.end() - 1
        while k < len(head):
            depth += {"<": 1, ">": -1}.get(head[k], 0)
            k += 1
            if depth == 0:
                break
        i = k
    out.append(head[i:])
    return "".join(out)


def function_name(head):
    paren = head.find("(")
    if paren < 0:
        return head.strip()[:60]
    names = re.findall(r"[~\w:<>=!+\-*/\[\]&|]+", head[:paren])
    return names[-1] if names else "(anonymous)"


def scan(text):
    """Yields (first line, last line, name) for every function at namespace or class scope."""
    line_of = []
    line = 1
    for ch in text:
        line_of.append(line)
        line += ch == "\n"
    found = []

    def scan_scope(begin, end):
        head_start = begin
        i = begin
        while i < end:
            c = text[i]
            if c in ";}":
                head_start = i + 1
            elif c == ":":
                spec = ACCESS_SPECIFIER.search(text, head_start, i + 1)
                if spec and spec.end() == i + 1:
                    head_start = i + 1
            elif c == "{":
                head = text[head_start:i]
                close = matching_brace(text, i)
                stripped = head.rstrip()
                last_paren = stripped.rfind(")")
                after_paren = stripped[last_paren + 1:] if last_paren >= 0 else ""
                plain = without_template_parameters(head)
                if CONTAINER_HEAD.search(plain) and "(" not in plain.split("=")[0]:
                    scan_scope(i + 1, close)  # a namespace or class: look inside
                    head_start = close + 1
                    i = close
                elif FUNCTION_TAIL.search(stripped) or (last_paren >= 0 and "->" in after_paren):
                    first = head_start + (len(head) - len(head.lstrip()))
                    found.append((line_of[first], line_of[close], function_name(head)))
                    head_start = close + 1
                    i = close
                elif last_paren >= 0 and ":" in after_paren and not stripped.endswith("="):
                    i = close  # a brace initialiser in a constructor's member list
                else:
                    head_start = close + 1  # an initialiser or an enum body
                    i = close
            i += 1

    scan_scope(0, len(text))
    return found


def source_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for root, _, files in os.walk(path):
            for f in sorted(files):
                if f.endswith(SOURCE_EXTENSIONS):
                    yield os.path.join(root, f)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[os.path.join(root, "engine"), os.path.join(root, "apps")])
    parser.add_argument("--limit", type=int, default=80)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()

    functions = []
    for path in source_files(args.paths):
        with open(path, encoding="utf-8") as f:
            text = blank_comments_and_strings(f.read())
        rel = os.path.relpath(path, root) if path.startswith(root) else path
        for first, last, name in scan(text):
            functions.append((last - first + 1, rel, first, name))
    functions.sort(key=lambda f: (-f[0], f[1], f[2]))
    for length, rel, first, name in functions[: args.top]:
        print(f"{length:5d}  {rel}:{first}  {name}")
    too_long = [f for f in functions if args.limit and f[0] > args.limit]
    if too_long:
        print(f"\n{len(too_long)} function(s) over {args.limit} lines:", file=sys.stderr)
        for length, rel, first, name in too_long:
            print(f"{length:5d}  {rel}:{first}  {name}", file=sys.stderr)
        return 1
    print(f"{len(functions)} functions, none over {args.limit} lines" if args.limit else f"{len(functions)} functions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
