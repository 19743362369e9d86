#!/usr/bin/env python3
"""Checks the compile-only KNIME stand-in (knime-standin/src) against KNIME's own sources.

For every stand-in class it finds KNIME's file at a release tag (knime/knime-core bundle org.knime.core, or
knime/knime-shared bundle org.knime.core.util) and checks that the class header and every non-private
constructor and method signature of the stand-in (modifiers, return type, name, parameter types, throws)
appear in KNIME's file. Parameter names, annotations and `final` on parameters are ignored.

Run: python3 tools/check_knime_standin.py KNIME_CORE_GIT_DIR KNIME_SHARED_GIT_DIR [TAG]
     (clones of github.com/knime/knime-core and knime/knime-shared; TAG default analytics-platform/5.5.0)
Exit status 1 when a signature is not found.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "knime-standin", "src")


def knime_source(repos, tag, rel):
    for repo, prefix in repos:
        r = subprocess.run(["git", "-C", repo, "show", f"{tag}:{prefix}{rel}"], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout
    return None


def normalise(s):
    s = re.sub(r"/\*.*?\*/", "", s, flags=re.S)
    s = re.sub(r"//[^\n]*", "", s)
    s = re.sub(r"@\w+(\([^)]*\))?", "", s)
    s = re.sub(r"\bfinal\s+(?=[\w<>\[\]?.,]+\s+\w+\s*[,)])", "", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*([(),<>\[\]])\s*", r"\1", s)
    # parameter names do not matter: "(Type name,Type2 name2)" -> "(Type,Type2)"
    return re.sub(r"\(([^()]*)\)", lambda m: "(" + ",".join(
        p.strip().rsplit(" ", 1)[0] for p in m.group(1).split(",") if p.strip()) + ")", s)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    tag = sys.argv[3] if len(sys.argv) > 3 else "analytics-platform/5.5.0"
    repos = [(sys.argv[1], "org.knime.core/src/eclipse/"), (sys.argv[2], "org.knime.core.util/src/main/java/")]
    problems = 0
    checked = 0
    for folder, _, files in os.walk(ROOT):
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(folder, name), ROOT)
            mine = re.sub(r"/\*.*?\*/", "", open(os.path.join(folder, name)).read(), flags=re.S)
            theirs = knime_source(repos, tag, rel)
            if theirs is None:
                print(f"{rel}: no such file in KNIME at {tag}")
                problems += 1
                continue
            theirs = normalise(theirs)
            pattern = r"^\s*((?:public|protected|abstract|static|final|synchronized)[^;{=]*?\([^)]*\)[^;{]*)[;{]"
            for m in re.finditer(pattern, mine, re.M):
                signature = normalise(m.group(1)).strip()
                checked += 1
                if signature not in theirs:
                    print(f"{rel}: not in KNIME: {signature}")
                    problems += 1
            for m in re.finditer(r"^\s*((?:public |protected |abstract |static |final )*(?:class|interface) \w+)", mine, re.M):
                checked += 1
                if normalise(m.group(1)).strip() not in theirs:
                    print(f"{rel}: class header not in KNIME: {m.group(1).strip()}")
                    problems += 1
    print(f"{checked} declarations checked against {tag}, {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
